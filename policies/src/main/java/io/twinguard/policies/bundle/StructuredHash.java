package io.twinguard.policies.bundle;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * OPA's hash of a structured bundle file ({@code data.json}, {@code .manifest}): the JSON value
 * written compactly with object keys in byte order, numbers as their literal text and strings as
 * Go's encoder writes them (without HTML escaping). Whitespace and key order do not change it.
 */
final class StructuredHash {

  private static final JsonFactory JSON = new JsonFactory();

  private StructuredHash() {}

  /** The canonical bytes OPA hashes for this JSON document; throws IOException if it is not JSON. */
  static byte[] canonical(byte[] json) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (JsonParser parser = JSON.createParser(json)) {
      JsonToken token = parser.nextToken();
      if (token == null) {
        throw new IOException("empty document");
      }
      write(parser, token, out);
      if (parser.nextToken() != null) {
        throw new IOException("trailing content");
      }
    }
    return out.toByteArray();
  }

  /** The digest of the canonical form. */
  static byte[] digest(byte[] json, MessageDigest digest) throws IOException {
    return digest.digest(canonical(json));
  }

  private static void write(JsonParser parser, JsonToken token, ByteArrayOutputStream out) throws IOException {
    switch (token) {
      case START_OBJECT -> {
        Map<byte[], byte[]> members = new TreeMap<>(Arrays::compareUnsigned);
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
          byte[] key = goString(parser.currentName());
          ByteArrayOutputStream value = new ByteArrayOutputStream();
          write(parser, parser.nextToken(), value);
          members.put(key, value.toByteArray());
        }
        out.write('{');
        boolean first = true;
        for (Map.Entry<byte[], byte[]> member : members.entrySet()) {
          if (!first) {
            out.write(',');
          }
          first = false;
          out.write(member.getKey());
          out.write(':');
          out.write(member.getValue());
        }
        out.write('}');
      }
      case START_ARRAY -> {
        List<byte[]> items = new ArrayList<>();
        JsonToken next;
        while ((next = parser.nextToken()) != JsonToken.END_ARRAY) {
          ByteArrayOutputStream item = new ByteArrayOutputStream();
          write(parser, next, item);
          items.add(item.toByteArray());
        }
        out.write('[');
        for (int i = 0; i < items.size(); i++) {
          if (i > 0) {
            out.write(',');
          }
          out.write(items.get(i));
        }
        out.write(']');
      }
      case VALUE_STRING -> out.write(goString(parser.getText()));
      case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT, VALUE_TRUE, VALUE_FALSE, VALUE_NULL ->
          out.write(parser.getText().getBytes(StandardCharsets.UTF_8));
      default -> throw new IOException("unexpected JSON token " + token);
    }
  }

  /** A string as Go's encoding/json writes it with HTML escaping off. */
  static byte[] goString(String text) {
    StringBuilder out = new StringBuilder(text.length() + 2).append('"');
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        case '\b' -> out.append("\\b");
        case '\f' -> out.append("\\f");
        case '\u2028', '\u2029' -> out.append(String.format("\\u%04x", (int) c));
        default -> {
          if (c < 0x20) {
            out.append(String.format("\\u%04x", (int) c));
          } else {
            out.append(c);
          }
        }
      }
    }
    return out.append('"').toString().getBytes(StandardCharsets.UTF_8);
  }
}
