package io.twinguard.adapters.aas;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URI;

/** Reading AAS Part 2 descriptors (the registry's JSON): where a submodel is served. Pure. */
final class AasDescriptors {

  private AasDescriptors() {}

  /**
   * The href of a submodel descriptor's {@code SUBMODEL-3.0} endpoint (http or https, no query),
   * without a trailing slash; {@code null} when it has none.
   */
  static String submodelUrl(JsonObject submodelDescriptor) {
    JsonArray endpoints = submodelDescriptor.getJsonArray("endpoints", new JsonArray());
    for (int i = 0; i < endpoints.size(); i++) {
      JsonObject endpoint = endpoints.getJsonObject(i);
      JsonObject protocol = endpoint.getJsonObject("protocolInformation", new JsonObject());
      String href = protocol.getString("href");
      if (endpoint.getString("interface", "").startsWith("SUBMODEL-3.") && httpUrl(href)) {
        return href.replaceAll("/+$", "");
      }
    }
    return null;
  }

  /** Whether {@code text} is an http(s) URL with a host and no query or fragment. */
  static boolean httpUrl(String text) {
    try {
      URI uri = new URI(text);
      return ("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) && uri.getHost() != null
          && uri.getRawQuery() == null && uri.getRawFragment() == null;
    } catch (java.net.URISyntaxException | NullPointerException e) {
      return false;
    }
  }
}
