package io.twinguard.adapters.opcua;

import io.twinguard.adapters.ArtefactDigest;
import io.twinguard.common.twin.BlockKind;
import io.twinguard.adapters.BlockRef;
import io.twinguard.adapters.settings.SettingsReader;
import io.twinguard.signing.jcs.CanonicalJson;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The validated settings of an {@code opcua} adapter (see the module README for the YAML). Node
 * ids are string identifiers in {@code namespace}, resolved to its index when a session opens.
 *
 * @param endpoint the server's {@code opc.tcp://} endpoint URL
 * @param serverApplicationUri the application URI the server's certificate must carry (default:
 *     the twin's SPIFFE ID)
 * @param caFile the CA that issued the server's certificate (the ecosystem CA)
 * @param client the adapter's own application URI, RSA certificate and key
 * @param namespace the namespace URI of the node ids
 * @param timeoutMs the limit of connecting and of one request
 * @param eventCapacity events kept per subscriber that does not read
 * @param samplingMs the sampling interval asked for monitored items
 * @param reads data blocks: a read operation answering variables as fields
 * @param methods service operations: a method call
 * @param monitored gateway blocks whose events are data changes of variables
 * @param artefact the SHA-256 of the canonical JSON of the declaration without the file paths
 */
public record OpcUaSettings(
    URI endpoint, String serverApplicationUri, Path caFile, Client client, String namespace, long timeoutMs,
    int eventCapacity, double samplingMs, List<Read> reads, List<Method> methods, List<Monitored> monitored,
    ArtefactDigest artefact) {

  private static final Set<String> KEYS = Set.of("endpoint", "server_application_uri", "trust", "client", "namespace",
      "timeout_ms", "event_capacity", "sampling_ms", "reads", "methods", "monitored");

  /** The adapter's OPC UA application identity: its URI (in its certificate's URI SAN), RSA certificate and key. */
  public record Client(String applicationUri, Path certFile, Path keyFile) {}

  /** A read operation: field name to variable node id. */
  public record Read(BlockRef block, String operation, Map<String, String> fields) {
    public Read {
      fields = Map.copyOf(fields);
    }
  }

  /** A method call: the payload's fields become the input arguments, in order, the outputs are named. */
  public record Method(BlockRef block, String operation, String object, String method, List<OpcUaValues.Input> inputs,
      List<String> outputs) {
    public Method {
      inputs = List.copyOf(inputs);
      outputs = List.copyOf(outputs);
    }
  }

  /** A gateway block whose events are the data changes of its variables. */
  public record Monitored(BlockRef block, Map<String, String> fields) {
    public Monitored {
      fields = Map.copyOf(fields);
    }
  }

  public OpcUaSettings {
    Objects.requireNonNull(endpoint, "endpoint");
    reads = List.copyOf(reads);
    methods = List.copyOf(methods);
    monitored = List.copyOf(monitored);
  }

  Read read(BlockRef block, String operation) {
    return reads.stream().filter(r -> r.block().equals(block) && r.operation().equals(operation)).findFirst().orElse(null);
  }

  Method method(BlockRef block, String operation) {
    return methods.stream().filter(m -> m.block().equals(block) && m.operation().equals(operation)).findFirst().orElse(null);
  }

  Monitored monitored(BlockRef block) {
    return monitored.stream().filter(m -> m.block().equals(block)).findFirst().orElse(null);
  }

  /**
   * Parses and checks settings.
   *
   * @param twinId the twin's SPIFFE ID: the server application URI unless the settings name another
   * @throws io.twinguard.adapters.SettingsException naming every error's path
   */
  public static OpcUaSettings parse(JsonObject settings, String path, String twinId) {
    SettingsReader r = new SettingsReader(settings, path);
    r.allowOnly(KEYS);
    URI endpoint = null;
    String endpointText = r.string("endpoint");
    if (endpointText != null) {
      endpoint = URI.create(endpointText.replace(" ", "%20"));
      if (!"opc.tcp".equals(endpoint.getScheme()) || endpoint.getHost() == null || endpoint.getPort() < 1) {
        r.error("endpoint", "must be an opc.tcp://host:port/path URL, not '" + endpointText + "'");
      }
    }
    String serverUri = r.string("server_application_uri", twinId);
    SettingsReader trust = r.requiredChild("trust");
    trust.allowOnly(Set.of("ca_file"));
    Path ca = trust.absolutePath("ca_file");
    SettingsReader clientReader = r.requiredChild("client");
    clientReader.allowOnly(Set.of("application_uri", "cert_file", "key_file"));
    Client client = new Client(clientReader.string("application_uri"), clientReader.absolutePath("cert_file"),
        clientReader.absolutePath("key_file"));
    String namespace = r.string("namespace");
    long timeoutMs = r.integer("timeout_ms", 5_000, 1, 120_000);
    int capacity = (int) r.integer("event_capacity", 256, 1, 100_000);
    long samplingMs = r.integer("sampling_ms", 100, 0, 3_600_000);
    List<Read> reads = r.list("reads", item -> {
      item.allowOnly(Set.of("block", "operation", "fields"));
      return new Read(kind(item, BlockKind.DATA), item.string("operation"), fields(item));
    });
    List<Method> methods = r.list("methods", OpcUaSettings::method);
    List<Monitored> monitored = r.list("monitored", item -> {
      item.allowOnly(Set.of("block", "fields"));
      return new Monitored(kind(item, BlockKind.GATEWAY), fields(item));
    });
    Set<String> seen = new HashSet<>();
    reads.forEach(x -> unique(r, seen, x.block() + "#" + x.operation()));
    methods.forEach(x -> unique(r, seen, x.block() + "#" + x.operation()));
    monitored.forEach(x -> unique(r, seen, x.block() + "#events"));
    if (seen.isEmpty() && !r.failed()) {
      r.error("at least one of reads, methods and monitored is required");
    }
    r.check();
    JsonObject declared = settings.copy();
    declared.remove("trust");
    declared.remove("client");
    ArtefactDigest artefact = ArtefactDigest.of(CanonicalJson.canonicalize(declared.encode()), "opcua " + endpoint);
    return new OpcUaSettings(endpoint, serverUri, ca, client, namespace, timeoutMs, capacity, samplingMs, reads, methods,
        monitored, artefact);
  }

  private static void unique(SettingsReader r, Set<String> seen, String key) {
    if (!seen.add(key)) {
      r.error(key.replace("#", " ") + " is declared twice");
    }
  }

  private static BlockRef kind(SettingsReader r, BlockKind kind) {
    BlockRef block = r.block("block");
    if (block != null && block.kind() != kind) {
      r.error("block", "must be a " + kind.wireName() + " block here, not " + block);
    }
    return block;
  }

  private static Method method(SettingsReader r) {
    r.allowOnly(Set.of("block", "operation", "object", "method", "inputs", "outputs"));
    BlockRef block = kind(r, BlockKind.SERVICE);
    List<OpcUaValues.Input> inputs = r.list("inputs", in -> {
      in.allowOnly(Set.of("field", "type"));
      String field = in.string("field");
      String type = in.string("type");
      if (type != null && !OpcUaValues.TYPES.contains(type)) {
        in.error("type", "must be one of " + String.join(", ", OpcUaValues.TYPES) + ", not '" + type + "'");
      }
      return new OpcUaValues.Input(field, type);
    });
    return new Method(block, r.string("operation"), r.string("object"), r.string("method"), inputs, r.strings("outputs"));
  }

  private static Map<String, String> fields(SettingsReader r) {
    SettingsReader fields = r.requiredChild("fields");
    Map<String, String> out = new LinkedHashMap<>();
    for (String field : fields.keys()) {
      String node = fields.string(field);
      if (node != null) {
        out.put(field, node);
      }
    }
    if (out.isEmpty() && !r.failed()) {
      r.error("fields", "at least one field: variable node id");
    }
    return out;
  }
}
