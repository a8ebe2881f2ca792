package io.twinguard.broker.lifecycle;

import io.twinguard.audit.record.DecisionRecord;
import io.twinguard.broker.decision.PolicyInputs;
import io.twinguard.broker.lifecycle.store.SnapshotStore;
import io.twinguard.broker.registry.Block;
import io.twinguard.broker.registry.Operation;
import io.twinguard.broker.registry.Registry;
import io.twinguard.broker.registry.RegistryCodec;
import io.twinguard.broker.registry.Twin;
import io.twinguard.common.twin.BlockKind;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.SqlClient;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Rebuilds the exact policy input of recorded calls from their decision records: the record's own
 * fields (caller, target, block, operation, purpose, subjects, time, signed), its {@code
 * policy_input} (auth, mode, registry snapshot, consent versions) and the snapshots stored in the
 * policy schema, through the same {@link PolicyInputs#build} the broker decides with. Registry
 * snapshots are parsed once and kept.
 */
public final class InputRebuilder {

  /** A rebuilt input, or why a record's input cannot be rebuilt. */
  public sealed interface Rebuilt permits Input, Missing {}

  /** The input the policies saw. */
  public record Input(JsonObject input) implements Rebuilt {}

  /** Why not: the record predates policy inputs, or a snapshot is missing. */
  public record Missing(String why) implements Rebuilt {}

  private final SqlClient client;
  private final SnapshotStore store = new SnapshotStore();
  private final Map<String, Registry> registries = new ConcurrentHashMap<>();

  public InputRebuilder(SqlClient client) {
    this.client = client;
  }

  /** Rebuilds the inputs of decision records (their JSON), one result per record in the same order. */
  public Future<List<Rebuilt>> rebuild(List<JsonObject> records) {
    List<DecisionRecord.ConsentVersion> wanted = new ArrayList<>();
    Set<String> digests = new HashSet<>();
    for (JsonObject record : records) {
      JsonObject ref = record.getJsonObject("policy_input");
      if (ref != null) {
        digests.add(ref.getString("registry"));
        ref.getJsonArray("consents").forEach(c -> wanted.add(version((JsonObject) c)));
      }
    }
    Future<Map<DecisionRecord.ConsentVersion, JsonObject>> consents = wanted.isEmpty()
        ? Future.succeededFuture(Map.of())
        : store.consents(client, wanted.stream().distinct().toList());
    return registries(digests).compose(known -> consents.map(views -> {
      List<Rebuilt> out = new ArrayList<>(records.size());
      records.forEach(record -> out.add(one(record, views)));
      return out;
    }));
  }

  private Future<Void> registries(Set<String> digests) {
    List<Future<Void>> reads = new ArrayList<>();
    for (String digest : digests) {
      if (!registries.containsKey(digest)) {
        reads.add(store.registry(client, digest).map(json -> {
          json.ifPresent(text -> registries.put(digest, RegistryCodec.fromJson(new JsonObject(text))));
          return null;
        }));
      }
    }
    return Future.all(reads).mapEmpty();
  }

  private Rebuilt one(JsonObject record, Map<DecisionRecord.ConsentVersion, JsonObject> views) {
    JsonObject ref = record.getJsonObject("policy_input");
    if (ref == null) {
      return new Missing("the record holds no policy_input (it was refused before the policies were asked,"
          + " or written before policy inputs were kept)");
    }
    Registry registry = registries.get(ref.getString("registry"));
    if (registry == null) {
      return new Missing("registry snapshot " + ref.getString("registry") + " is not stored");
    }
    Optional<Twin> caller = registry.twinById(record.getString("caller"));
    Optional<Twin> target = registry.twinById(record.getString("target"));
    JsonObject blockRef = record.getJsonObject("block");
    Optional<Block> block = target.flatMap(t -> t.block(BlockKind.parse(blockRef.getString("kind")),
        blockRef.getString("name")));
    Optional<Operation> operation = block.flatMap(b -> b.operation(record.getString("operation")));
    if (caller.isEmpty() || operation.isEmpty()) {
      return new Missing("registry snapshot " + ref.getString("registry") + " lacks the caller or the block called");
    }
    List<JsonObject> consents = new ArrayList<>();
    for (Object item : ref.getJsonArray("consents")) {
      JsonObject view = views.get(version((JsonObject) item));
      if (view == null) {
        return new Missing("consent " + ((JsonObject) item).getString("id") + " version "
            + ((JsonObject) item).getInteger("version") + " is not stored");
      }
      consents.add(view.copy());
    }
    return new Input(PolicyInputs.build(caller.get(), ref.getString("auth"), target.get(), block.get(),
        operation.get(), record.getString("purpose"), strings(record.getJsonArray("subjects")), consents,
        Instant.parse(record.getString("time")), mode(ref.getString("mode")), record.getBoolean("signed", false)));
  }

  private static DecisionRecord.ConsentVersion version(JsonObject ref) {
    return new DecisionRecord.ConsentVersion(ref.getString("id"), ref.getInteger("version"));
  }

  private static PolicyInputs.Mode mode(String wire) {
    return PolicyInputs.Mode.EMERGENCY.wireName().equals(wire) ? PolicyInputs.Mode.EMERGENCY : PolicyInputs.Mode.NORMAL;
  }

  private static List<String> strings(JsonArray array) {
    List<String> out = new ArrayList<>();
    array.forEach(v -> out.add((String) v));
    return out;
  }
}
