package io.twinguard.policies.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.styra.opa.wasm.OpaBuiltin;
import com.styra.opa.wasm.OpaWasm;
import java.util.OptionalLong;

/**
 * The builtins our policies call that OPA's Wasm leaves to the host. Each follows OPA: where the
 * builtin would fail in OPA it returns address 0, which the compiled policy treats as undefined,
 * rather than throwing (a thrown exception aborts the whole evaluation).
 */
public final class HostBuiltins {

  /** The address that means "undefined" to a compiled policy. */
  private static final int UNDEFINED = 0;

  private HostBuiltins() {}

  /** Every host builtin the twinguard policies need. */
  public static OpaBuiltin.Builtin[] all() {
    return new OpaBuiltin.Builtin[] {
      new OpaBuiltin.Builtin1("time.parse_rfc3339_ns", HostBuiltins::parseRfc3339Ns),
    };
  }

  private static int parseRfc3339Ns(OpaWasm wasm, int argument) {
    try {
      JsonNode value = wasm.jsonMapper().readTree(wasm.readString(argument));
      if (!value.isTextual()) {
        return UNDEFINED;
      }
      OptionalLong nanos = Rfc3339.parseNanos(value.textValue());
      return nanos.isPresent() ? wasm.writeResult(Long.toString(nanos.getAsLong())) : UNDEFINED;
    } catch (JsonProcessingException e) {
      return UNDEFINED;
    }
  }
}
