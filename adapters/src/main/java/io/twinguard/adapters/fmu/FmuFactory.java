package io.twinguard.adapters.fmu;

import io.twinguard.adapters.Adapter;
import io.twinguard.adapters.AdapterFactory;
import io.twinguard.adapters.SettingsException;
import io.twinguard.adapters.blackbox.BlackBoxAdapter;
import io.twinguard.adapters.blackbox.ModelOperation;
import io.twinguard.adapters.blackbox.ModelProgram;
import io.twinguard.adapters.blackbox.OutputSchema;
import io.twinguard.adapters.blackbox.RunResult;
import io.twinguard.adapters.blackbox.Sandbox;
import io.twinguard.adapters.blackbox.SandboxRun;
import io.twinguard.adapters.blackbox.StoredArtefact;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Makes {@code fmu} adapters: an FMU (FMI 2.0 co-simulation) run one step per call with fmpy through
 * the black-box sandbox, so a twin co-simulates with a model it never receives. Creating one copies
 * the FMU into the private store (its digest binds every answer) and asks the FMU, in the sandbox,
 * whether the declared inputs, state parameters and outputs exist with those causalities.
 */
public final class FmuFactory implements AdapterFactory {

  public static final String TYPE = "fmu";

  private static final String RUNNER = "fmu_step.py";
  private static final Map<String, String> ENV = Map.of(
      "OPENBLAS_NUM_THREADS", "1", "OMP_NUM_THREADS", "1", "PYTHONDONTWRITEBYTECODE", "1");

  private final Sandbox sandbox;
  private final Path python;
  private PythonRuntime runtime;
  private Path runner;

  /** @param python the interpreter with fmpy (probed when the first adapter is created) */
  public FmuFactory(Sandbox sandbox, Path python) {
    this.sandbox = sandbox;
    this.python = python;
  }

  @Override
  public String type() {
    return TYPE;
  }

  @Override
  public void validate(JsonObject settings, String path) {
    FmuSettings.parse(settings, path);
  }

  @Override
  public Future<Adapter> create(Vertx vertx, String twinId, JsonObject settings, String path) {
    FmuSettings parsed;
    try {
      parsed = FmuSettings.parse(settings, path);
    } catch (SettingsException e) {
      return Future.failedFuture(e);
    }
    return vertx.executeBlocking(() -> program(parsed, path), false)
        .map(program -> new BlackBoxAdapter(vertx, sandbox, program));
  }

  private ModelProgram program(FmuSettings settings, String path) throws IOException, InterruptedException {
    List<Sandbox.Bind> binds = new ArrayList<>();
    runtime().roots().forEach(root -> binds.add(new Sandbox.Bind(root, root.toString())));
    binds.add(new Sandbox.Bind(runner(), "/model/" + RUNNER));
    StoredArtefact fmu;
    try {
      fmu = StoredArtefact.copy(settings.fmu(), sandbox.options().store(), "fmu " + settings.fmu().getFileName(), false);
    } catch (IOException e) {
      throw new SettingsException(path + ".fmu", "cannot be read: " + e.getMessage());
    }
    String inside = "/model/" + fmu.path().getFileName();
    binds.add(new Sandbox.Bind(fmu.path(), inside));
    List<String> command = List.of(python.toString(), "-I", "/model/" + RUNNER, inside);
    FmuVariables.check(describe(binds, command, settings), settings, path);
    List<ModelOperation> operations = new ArrayList<>();
    for (FmuSettings.Step step : settings.steps()) {
      operations.add(new ModelOperation(step.block(), step.operation(), List.of(step.spec()),
          Optional.of(OutputSchema.compile(StepSchemas.request(step))), OutputSchema.compile(StepSchemas.response(step))));
    }
    return new ModelProgram(fmu, binds, ENV, command, operations, settings.limits(), settings.maxConcurrent());
  }

  private JsonObject describe(List<Sandbox.Bind> binds, List<String> command, FmuSettings settings)
      throws IOException, InterruptedException {
    List<String> describe = new ArrayList<>(command);
    describe.add("--describe");
    ExecutorService pumps = Executors.newFixedThreadPool(3);
    try {
      RunResult run = SandboxRun.run(sandbox.command(settings.limits(), binds, ENV, describe), new byte[0], settings.limits(), pumps);
      if (run.failure(settings.limits()).isPresent()) {
        throw new IOException("the FMU could not be read in the sandbox: " + run.failure(settings.limits()).get().detail());
      }
      return new JsonObject(new String(run.stdout(), StandardCharsets.UTF_8));
    } finally {
      pumps.shutdown();
    }
  }

  private synchronized PythonRuntime runtime() throws IOException {
    if (runtime == null) {
      runtime = PythonRuntime.probe(python);
    }
    return runtime;
  }

  private synchronized Path runner() throws IOException {
    if (runner == null) {
      Path dir = Files.createDirectories(sandbox.options().store());
      Path file = Files.createTempFile(dir, "fmu_step-", ".py");
      try (InputStream in = FmuFactory.class.getResourceAsStream(RUNNER)) {
        if (in == null) {
          throw new IOException(RUNNER + " is missing from the class path");
        }
        Files.write(file, in.readAllBytes());
      }
      file.toFile().deleteOnExit();
      runner = file;
    }
    return runner;
  }
}
