package io.twinguard.adapters;

import io.twinguard.adapters.aas.AasFactory;
import io.twinguard.adapters.blackbox.BlackBoxFactory;
import io.twinguard.adapters.blackbox.BlackBoxSettings;
import io.twinguard.adapters.blackbox.Sandbox;
import io.twinguard.adapters.blackbox.SandboxOptions;
import io.twinguard.adapters.fmu.FmuFactory;
import io.twinguard.adapters.fmu.FmuSettings;
import io.twinguard.adapters.mqtt.MqttFactory;
import io.twinguard.adapters.opcua.OpcUaFactory;
import io.twinguard.adapters.rest.RestMappingFactory;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.function.BiConsumer;

/**
 * Wires the standard adapter factories, by constructor, in one place: {@code rest-mapping},
 * {@code blackbox}, {@code fmu}, {@code mqtt}, {@code opcua} and {@code aas}. When the sandbox cannot be set up on this host (bubblewrap or
 * strace missing), the model types still validate settings but refuse to create adapters, naming
 * why: no model ever runs unsandboxed.
 */
public final class StandardAdapters {

  /**
   * @param sandbox the sandbox tools and the artefact store
   * @param python the interpreter with fmpy, for {@code fmu} adapters
   */
  public record Options(SandboxOptions sandbox, Path python) {}

  private StandardAdapters() {}

  /** The standard factories. Blocking (writes the seccomp program into the store): call at start-up. */
  public static Adapters create(Options options) {
    Sandbox sandbox;
    try {
      sandbox = Sandbox.create(options.sandbox());
    } catch (IOException | IllegalStateException e) {
      String why = e.getMessage();
      return new Adapters(List.of(
          new RestMappingFactory(),
          new Unavailable(BlackBoxFactory.TYPE, why, BlackBoxSettings::parse),
          new Unavailable(FmuFactory.TYPE, why, FmuSettings::parse),
          new MqttFactory(),
          new OpcUaFactory(),
          new AasFactory()));
    }
    return new Adapters(List.of(
        new RestMappingFactory(),
        new BlackBoxFactory(sandbox),
        new FmuFactory(sandbox, options.python()),
        new MqttFactory(),
        new OpcUaFactory(),
        new AasFactory()));
  }

  /** A model adapter type whose sandbox cannot run here: validates, never creates. */
  private record Unavailable(String type, String why, BiConsumer<JsonObject, String> parse) implements AdapterFactory {
    @Override
    public void validate(JsonObject settings, String path) {
      parse.accept(settings, path);
    }

    @Override
    public Future<Adapter> create(Vertx vertx, String twinId, JsonObject settings, String path) {
      return Future.failedFuture(new SettingsException(path, "a " + type + " adapter cannot run on this host: " + why));
    }
  }
}
