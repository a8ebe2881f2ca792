package io.twinguard.adapters.aas;

import io.twinguard.adapters.AdapterException;
import io.twinguard.adapters.AdapterFailure;
import io.twinguard.adapters.SettingsException;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.digitaltwin.aas4j.v3.dataformat.core.DeserializationException;
import org.eclipse.digitaltwin.aas4j.v3.dataformat.json.JsonDeserializer;
import org.eclipse.digitaltwin.aas4j.v3.model.Submodel;

/**
 * Registers a twin from its Asset Administration Shell: fetches every submodel its descriptor lists
 * from the submodel's endpoint (AAS Part 2 HTTP API), reads it with aas4j, and declares the twin
 * with {@link AasTwinDeclaration}. The broker's admin API can hand the result to its registry.
 */
public final class AasRegistration {

  private AasRegistration() {}

  /**
   * The twin declared by {@code descriptor}. Fails with {@link SettingsException} when the
   * descriptor or a submodel does not declare a valid twin, with {@link AdapterException} when a
   * submodel cannot be fetched ({@code Unreachable}, {@code TimedOut}, {@code BadAnswer}).
   */
  public static Future<AasTwinDeclaration.Declared> declare(Vertx vertx, JsonObject descriptor, AasTwinDeclaration.Options options) {
    AasHttp http = new AasHttp(vertx, options.timeoutMs(), 16L << 20);
    JsonArray descriptors = descriptor.getJsonArray("submodelDescriptors", new JsonArray());
    List<Future<JsonObject>> fetched = new ArrayList<>();
    for (int i = 0; i < descriptors.size(); i++) {
      String url = AasDescriptors.submodelUrl(descriptors.getJsonObject(i));
      fetched.add(url == null ? Future.succeededFuture(null) : http.get(url));
    }
    return Future.all(fetched)
        .compose(all -> vertx.executeBlocking(() -> {
          // aas4j scans its model classes when the first deserializer is made: not on an event loop
          JsonDeserializer reader = new JsonDeserializer();
          Map<String, Submodel> submodels = new LinkedHashMap<>();
          for (int i = 0; i < fetched.size(); i++) {
            JsonObject json = fetched.get(i).result();
            if (json != null) {
              Submodel submodel = read(reader, json, i);
              submodels.put(submodel.getId(), submodel);
            }
          }
          return AasTwinDeclaration.from(descriptor, submodels, options);
        }, false))
        .andThen(done -> http.close());
  }

  private static Submodel read(JsonDeserializer reader, JsonObject json, int index) {
    try {
      return reader.read(json.encode(), Submodel.class);
    } catch (DeserializationException | RuntimeException e) {
      throw new AdapterException(new AdapterFailure.BadAnswer(
          "submodel of descriptor.submodelDescriptors[" + index + "] is not an AAS v3 Submodel"));
    }
  }
}
