package io.twinguard.adapters.mqtt;

import io.twinguard.adapters.ArtefactDigest;
import io.twinguard.common.twin.BlockKind;
import io.twinguard.adapters.BlockRef;
import io.twinguard.adapters.blackbox.OutputSchema;
import io.twinguard.adapters.settings.SettingsReader;
import io.twinguard.signing.jcs.CanonicalJson;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * The validated settings of an {@code mqtt} adapter (see the module README for the YAML).
 *
 * @param host the MQTT broker's host (Mosquitto on loopback in tests)
 * @param port its TLS port
 * @param tls the CA that issued the broker's certificate, and the adapter's own client certificate
 * @param clientId the MQTT client id, or empty for a random one per session (an id must be unique at
 *     the broker: a second session with the same id ends the first)
 * @param timeoutMs the limit of connecting, subscribing and of one command's PUBACK
 * @param eventCapacity events kept per subscriber that does not read; one more ends its stream
 * @param maxPayloadBytes the largest telemetry message delivered; larger ones are dropped
 * @param telemetry the gateway blocks whose events come from a topic filter
 * @param commands the operations that publish a command
 * @param artefact the SHA-256 of the canonical JSON of the declaration without the file paths
 */
public record MqttSettings(
    String host, int port, Tls tls, String clientId, long timeoutMs, int eventCapacity, int maxPayloadBytes,
    List<Telemetry> telemetry, List<Command> commands, ArtefactDigest artefact) {

  private static final Set<String> KEYS = Set.of("host", "port", "tls", "client_id", "timeout_ms", "event_capacity",
      "max_payload_bytes", "telemetry", "commands");

  /** PEM files: the CA of the MQTT broker's certificate, the adapter's certificate and key. */
  public record Tls(Path caFile, Path certFile, Path keyFile) {
    public Tls {
      Objects.requireNonNull(caFile, "caFile");
      Objects.requireNonNull(certFile, "certFile");
      Objects.requireNonNull(keyFile, "keyFile");
    }
  }

  /** A gateway block whose events are the messages on {@code filter}. */
  public record Telemetry(BlockRef block, String filter) {}

  /**
   * An operation that publishes its payload to {@code topic} with QoS 1.
   *
   * @param requestSchema what the payload must satisfy before anything is published
   */
  public record Command(BlockRef block, String operation, String topic, OutputSchema requestSchema) {}

  public MqttSettings {
    Objects.requireNonNull(host, "host");
    Objects.requireNonNull(tls, "tls");
    Objects.requireNonNull(clientId, "clientId");
    telemetry = List.copyOf(telemetry);
    commands = List.copyOf(commands);
    Objects.requireNonNull(artefact, "artefact");
  }

  /** The telemetry of a block, or {@code null}. */
  public Telemetry telemetry(BlockRef block) {
    return telemetry.stream().filter(t -> t.block().equals(block)).findFirst().orElse(null);
  }

  /** The command of a block operation, or {@code null}. */
  public Command command(BlockRef block, String operation) {
    return commands.stream().filter(c -> c.block().equals(block) && c.operation().equals(operation))
        .findFirst().orElse(null);
  }

  /**
   * Parses and checks settings.
   *
   * @throws io.twinguard.adapters.SettingsException naming every error's path
   */
  public static MqttSettings parse(JsonObject settings, String path) {
    SettingsReader r = new SettingsReader(settings, path);
    r.allowOnly(KEYS);
    String host = r.string("host");
    int port = (int) r.integer("port", 8883, 1, 65_535);
    SettingsReader tlsReader = r.requiredChild("tls");
    tlsReader.allowOnly(Set.of("ca_file", "cert_file", "key_file"));
    Path ca = tlsReader.absolutePath("ca_file");
    Path cert = tlsReader.absolutePath("cert_file");
    Path key = tlsReader.absolutePath("key_file");
    String clientId = r.string("client_id", "");
    long timeoutMs = r.integer("timeout_ms", 5_000, 1, 120_000);
    int capacity = (int) r.integer("event_capacity", 256, 1, 100_000);
    int maxPayload = (int) r.integer("max_payload_bytes", 65_536, 1, 1 << 20);
    List<Telemetry> telemetry = r.list("telemetry", MqttSettings::telemetry);
    List<Command> commands = r.list("commands", MqttSettings::command);
    Set<String> seen = new HashSet<>();
    telemetry.stream().filter(Objects::nonNull).filter(t -> !seen.add(t.block().toString()))
        .forEach(t -> r.error("telemetry", t.block() + " is declared twice"));
    commands.stream().filter(Objects::nonNull).filter(c -> !seen.add(c.block() + "#" + c.operation()))
        .forEach(c -> r.error("commands", "operation '" + c.operation() + "' of " + c.block() + " is declared twice"));
    if (telemetry.isEmpty() && commands.isEmpty()) {
      r.error("at least one of telemetry and commands is required");
    }
    r.check();
    JsonObject declared = settings.copy();
    declared.remove("tls");
    ArtefactDigest artefact = ArtefactDigest.of(CanonicalJson.canonicalize(declared.encode()),
        "mqtt " + host + ":" + port);
    return new MqttSettings(host, port, new Tls(ca, cert, key), clientId, timeoutMs, capacity, maxPayload,
        telemetry, commands, artefact);
  }

  private static Telemetry telemetry(SettingsReader r) {
    r.allowOnly(Set.of("block", "topic"));
    BlockRef block = r.block("block");
    if (block != null && block.kind() != BlockKind.GATEWAY) {
      r.error("block", "events come from gateway blocks, not " + block.kind().wireName());
    }
    String filter = r.string("topic");
    String problem = filter == null ? null : TopicFilter.filterProblem(filter);
    if (problem != null) {
      r.error("topic", problem);
    }
    return block == null || filter == null || problem != null ? null : new Telemetry(block, filter);
  }

  private static Command command(SettingsReader r) {
    r.allowOnly(Set.of("block", "operation", "topic", "request_schema"));
    BlockRef block = r.block("block");
    String operation = r.string("operation");
    String topic = r.string("topic");
    String problem = topic == null ? null : TopicFilter.topicProblem(topic);
    if (problem != null) {
      r.error("topic", problem);
    }
    OutputSchema schema = null;
    Object raw = r.raw("request_schema");
    if (!(raw instanceof JsonObject json)) {
      r.error("request_schema", "required: a JSON Schema the command's payload must satisfy");
    } else {
      try {
        schema = OutputSchema.compile(json);
      } catch (IllegalArgumentException e) {
        r.error("request_schema", e.getMessage());
      }
    }
    return block == null || operation == null || topic == null || problem != null || schema == null
        ? null : new Command(block, operation, topic, schema);
  }
}
