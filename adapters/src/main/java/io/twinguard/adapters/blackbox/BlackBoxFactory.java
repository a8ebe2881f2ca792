package io.twinguard.adapters.blackbox;

import io.twinguard.adapters.Adapter;
import io.twinguard.adapters.AdapterFactory;
import io.twinguard.adapters.SettingsException;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Makes {@code blackbox} adapters: a proprietary model shipped as an executable, run per call in
 * the sandbox. Creating one copies the executable into the private store (the digest of the copy
 * binds every answer) and checks the declared read-only paths exist.
 */
public final class BlackBoxFactory implements AdapterFactory {

  public static final String TYPE = "blackbox";

  /** Where the executable appears inside the sandbox. */
  public static final String MODEL_DIR = "/model";

  private final Sandbox sandbox;

  public BlackBoxFactory(Sandbox sandbox) {
    this.sandbox = sandbox;
  }

  @Override
  public String type() {
    return TYPE;
  }

  @Override
  public void validate(JsonObject settings, String path) {
    BlackBoxSettings.parse(settings, path);
  }

  @Override
  public Future<Adapter> create(Vertx vertx, String twinId, JsonObject settings, String path) {
    BlackBoxSettings parsed;
    try {
      parsed = BlackBoxSettings.parse(settings, path);
    } catch (SettingsException e) {
      return Future.failedFuture(e);
    }
    return vertx.executeBlocking(() -> program(parsed, path), false)
        .map(program -> new BlackBoxAdapter(vertx, sandbox, program));
  }

  private ModelProgram program(BlackBoxSettings settings, String path) {
    List<Sandbox.Bind> binds = new ArrayList<>();
    for (int i = 0; i < settings.readOnlyPaths().size(); i++) {
      Path p = settings.readOnlyPaths().get(i);
      if (!Files.exists(p)) {
        throw new SettingsException(path + ".read_only_paths[" + i + "]", "does not exist on this host");
      }
      binds.add(new Sandbox.Bind(p, p.toString()));
    }
    StoredArtefact artefact;
    try {
      artefact = StoredArtefact.copy(settings.executable(), sandbox.options().store(),
          "executable " + settings.executable().getFileName(), true);
    } catch (IOException e) {
      throw new SettingsException(path + ".executable", "cannot be read: " + e.getMessage());
    }
    String inside = MODEL_DIR + "/" + artefact.path().getFileName();
    binds.add(new Sandbox.Bind(artefact.path(), inside));
    List<String> command = new ArrayList<>();
    command.add(inside);
    command.addAll(settings.args());
    return new ModelProgram(artefact, binds, settings.env(), command, settings.operations(), settings.limits(), settings.maxConcurrent());
  }
}
