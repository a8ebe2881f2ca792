package io.twinguard.examples.usecases;

import io.twinguard.broker.admin.AdminApi;
import io.twinguard.examples.demo.Ecosystem;
import io.twinguard.examples.demo.TwinClient;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;

/** What the ecosystem's operator does through the broker's admin API, with an administrator's certificate. */
final class Admin {

  private Admin() {}

  /** Puts a twin's declaration ({@code PUT /v1/admin/twins/{name}}); fails the step unless 200. */
  static JsonObject put(Script s, String step, String name, JsonObject declaration) throws Exception {
    return send(s, step, HttpMethod.PUT, AdminApi.PREFIX + "/twins/" + name, declaration);
  }

  /** Switches the ecosystem's mode ({@code PUT /v1/admin/mode}). */
  static JsonObject mode(Script s, String mode) throws Exception {
    return send(s, "operator switches to " + mode + " mode", HttpMethod.PUT, AdminApi.PREFIX + "/mode",
        new JsonObject().put("mode", mode));
  }

  /** The registry's declaration of {@code name} as the broker holds it now. */
  static JsonObject declaration(Script s, String name) throws Exception {
    TwinClient.Answer answer = City.await(s.city.client(Ecosystem.ADMIN)
        .request(HttpMethod.GET, AdminApi.PREFIX + "/registry", null));
    return answer.json().getJsonArray("twins").stream().map(JsonObject.class::cast)
        .filter(t -> t.getString("id").endsWith("/" + name)).findFirst()
        .orElseThrow(() -> new StepFailed("admin", "read the registry", "a twin named " + name, "none"));
  }

  private static JsonObject send(Script s, String step, HttpMethod method, String path, JsonObject body)
      throws Exception {
    s.tell("admin API: " + step + " (" + method + " " + path + ")");
    TwinClient.Answer answer = City.await(s.city.client(Ecosystem.ADMIN).request(method, path, body));
    s.expect(step, answer.status() == 200, "200", answer.status() + " " + Script.summary(answer));
    s.tell("  -> " + answer.json().encode() + " (recorded before it took effect)");
    return answer.json();
  }
}
