package io.twinguard.adapters.testing;

import io.twinguard.adapters.BlockCall;
import io.twinguard.adapters.BlockRef;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;

/** The test's black-box models: small Python programs, each written as an executable file. */
public final class Models {

  public static final BlockRef THERMAL = BlockRef.parse("model/thermal");

  /** Predicts a room temperature from the outdoor temperature and the number of occupants. */
  public static final String WELL_BEHAVED = """
      import json, sys
      request = json.load(sys.stdin)
      print(json.dumps({"predicted_c": 18.0 + 0.25 * request["outdoor_c"] + 0.1 * request.get("occupants", 0)}))
      """;

  public static final String HANGING = "import time\ntime.sleep(3600)\n";
  public static final String SPINNING = "while True:\n    pass\n";
  public static final String CRASHING = "import sys\nsys.stderr.write('secret model internals: w=0.25\\n')\nsys.exit(3)\n";
  public static final String SEGFAULTING = "import os, signal\nos.kill(os.getpid(), signal.SIGSEGV)\n";
  public static final String MEMORY_HUNGRY = "hog = bytearray(1 << 30)\nprint('{}')\n";
  public static final String FLOODING = "import sys\nwhile True:\n    sys.stdout.write('x' * 65536)\n";
  public static final String WRONG_TYPE = "print('{\"predicted_c\": \"warm\"}')\n";
  public static final String NOT_JSON = "print('predicted: 21 C')\n";

  /** Tries a TCP connection to {@code argv[1]}:{@code argv[2]}, then answers well all the same. */
  public static final String NETWORKING = """
      import json, socket, sys
      try:
          socket.create_connection((sys.argv[1], int(sys.argv[2])), timeout=2)
      except OSError:
          pass
      print(json.dumps({"predicted_c": 20.0}))
      """;

  /** Opens a packet socket (raw Ethernet frames). */
  public static final String SNIFFING = "import socket\nsocket.socket(socket.AF_PACKET, socket.SOCK_RAW)\n";

  /** Reports what it can see and do inside the sandbox. */
  public static final String PROBING = """
      import json, os, sys
      def can_write(path):
          try:
              with open(path, "a"):
                  return True
          except OSError:
              return False
      me = os.path.realpath(sys.argv[0])
      with open("scratch.txt", "w") as f:
          f.write("mine")
      print(json.dumps({
          "uid": os.getuid(),
          "cwd": os.getcwd(),
          "cwd_entries": sorted(os.listdir(".")),
          "env": sorted(os.environ),
          "can_write_itself": can_write(me),
          "sees": {p: os.path.exists(p) for p in sys.argv[1:]},
      }))
      """;

  private Models() {}

  /** Writes {@code source} as an executable Python program. */
  public static Path write(Path dir, String name, String source) throws IOException {
    Path file = dir.resolve(name);
    Files.writeString(file, "#!/usr/bin/python3\n" + source, StandardCharsets.UTF_8);
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
    return file;
  }

  /** Settings of a {@code blackbox} adapter for one model with operation {@code predict}. */
  public static JsonObject settings(Path executable, long timeoutMs, JsonObject responseSchema, String... args) {
    return new JsonObject()
        .put("executable", executable.toString())
        .put("args", new JsonArray(List.of((Object[]) args)))
        .put("timeout_ms", timeoutMs)
        .put("memory_mb", 256)
        .put("max_output_bytes", 4096)
        .put("max_concurrent", 2)
        .put("operations", new JsonArray().add(new JsonObject()
            .put("block", THERMAL.toString())
            .put("operation", "predict")
            .put("request_schema", new JsonObject()
                .put("type", "object")
                .put("required", new JsonArray().add("outdoor_c"))
                .put("properties", new JsonObject().put("outdoor_c", new JsonObject().put("type", "number"))))
            .put("response_schema", responseSchema)));
  }

  public static JsonObject prediction() {
    return new JsonObject()
        .put("type", "object")
        .put("required", new JsonArray().add("predicted_c"))
        .put("additionalProperties", false)
        .put("properties", new JsonObject().put("predicted_c", new JsonObject().put("type", "number")));
  }

  public static BlockCall predict(String payload) {
    return new BlockCall("spiffe://city.example/twin/hvac-room-12", THERMAL, "predict",
        payload.getBytes(StandardCharsets.UTF_8), "spiffe://city.example/twin/room-12", "dpv:ServiceOptimisation", List.of(), "d-7");
  }
}
