package io.twinguard.broker.registry;

import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.util.Objects;

/**
 * How the broker reaches a twin: at its own HTTPS endpoint, which speaks the broker's shape, or
 * through an adapter (a legacy API, a black-box model, a device protocol) that the registry declares
 * as {@code adapter: {type, settings}}. A twin declares exactly one of the two.
 */
public sealed interface Reach {

  /**
   * The twin serves {@code POST {url}/kind/block/operation} over TLS with its twin certificate.
   *
   * @param url the base URL, http or https, with a host
   */
  record Endpoint(URI url) implements Reach {
    public Endpoint {
      Objects.requireNonNull(url, "url");
    }
  }

  /**
   * The twin is served by the adapter this declaration makes; the broker validated it against the
   * adapter types it knows when the registry was read.
   *
   * @param declaration the {@code adapter} mapping as declared: {@code type} and {@code settings};
   *     copied in and out
   */
  record Adapted(JsonObject declaration) implements Reach {
    public Adapted {
      declaration = Objects.requireNonNull(declaration, "declaration").copy();
      if (!(declaration.getValue("type") instanceof String)) {
        throw new IllegalArgumentException("an adapter declaration names its type");
      }
    }

    @Override
    public JsonObject declaration() {
      return declaration.copy();
    }

    /** The adapter type, e.g. {@code rest-mapping}. */
    public String type() {
      return declaration.getString("type");
    }
  }
}
