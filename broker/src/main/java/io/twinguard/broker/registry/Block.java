package io.twinguard.broker.registry;

import io.twinguard.common.twin.BlockKind;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A building block a twin exposes, as declared in the registry.
 *
 * @param kind gateway, data, model or service
 * @param name the block name, unique per twin and kind
 * @param operations the operations by name
 * @param dataCategories the W3C DPV personal-data categories the block touches (e.g. {@code pd:Location})
 * @param fields which response fields carry which category: JSON Pointer to DPV category
 * @param ipClass the block's IP class
 * @param actuators the actuators its commands move
 * @param signatureRequired whether callers must sign requests (RFC 9421); gateway commands always
 *     require a signature, whatever this says
 */
public record Block(
    BlockKind kind,
    String name,
    Map<String, Operation> operations,
    List<String> dataCategories,
    Map<String, String> fields,
    IpClass ipClass,
    List<String> actuators,
    boolean signatureRequired) {

  /** @throws IllegalArgumentException when a name is invalid or an operation is filed under another name */
  public Block {
    Objects.requireNonNull(kind, "kind");
    Names.requireName(name, "block name");
    Objects.requireNonNull(ipClass, "ipClass");
    operations = Map.copyOf(operations);
    operations.forEach((key, op) -> {
      if (!key.equals(op.name())) {
        throw new IllegalArgumentException("operation '" + op.name() + "' filed as '" + key + "'");
      }
    });
    dataCategories = List.copyOf(dataCategories);
    fields = Map.copyOf(fields);
    fields.keySet().forEach(pointer -> {
      if (!pointer.startsWith("/")) {
        throw new IllegalArgumentException("field '" + pointer + "' must be a JSON Pointer starting with '/'");
      }
    });
    actuators = List.copyOf(actuators);
  }

  public Optional<Operation> operation(String operationName) {
    return Optional.ofNullable(operations.get(operationName));
  }

  /** Whether a call of {@code operation} must carry a valid caller signature. */
  public boolean requiresSignature(Operation operation) {
    return signatureRequired || (kind == BlockKind.GATEWAY && operation.command());
  }
}
