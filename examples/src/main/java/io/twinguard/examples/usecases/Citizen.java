package io.twinguard.examples.usecases;

import io.twinguard.consent.ChangeOutcome;
import io.twinguard.consent.Consent;
import io.twinguard.consent.ConsentService;
import io.vertx.core.Future;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.util.List;

/** What a data subject does about her consents, by the city's {@link Portal} variant. */
interface Citizen {

  /** Ada of the embedded variant. */
  String ADA = "citizen-ada";

  /** Her data-subject id, as the broker's calls name her. */
  Future<String> subject();

  /** Her consent records, requests included. */
  Future<List<Consent>> consents();

  Future<ChangeOutcome> grant(String consentId);

  Future<ChangeOutcome> refuse(String consentId);

  Future<ChangeOutcome> withdraw(String consentId);

  /** Ada through the consent service, in process. */
  static Citizen inProcess(ConsentService service) {
    return new Citizen() {
      @Override
      public Future<String> subject() {
        return Future.succeededFuture(ADA);
      }

      @Override
      public Future<List<Consent>> consents() {
        return service.consentsOf(ADA);
      }

      @Override
      public Future<ChangeOutcome> grant(String id) {
        return service.grant(ADA, id, null);
      }

      @Override
      public Future<ChangeOutcome> refuse(String id) {
        return service.refuse(ADA, id);
      }

      @Override
      public Future<ChangeOutcome> withdraw(String id) {
        return service.withdraw(ADA, id);
      }
    };
  }

  /**
   * The citizen of {@code app} through the portal's API under {@code api} ({@code .../consent/api/v1}).
   * An answer other than the API's documented ones fails the future with its status and body.
   */
  static Citizen api(CitizenApp app, URI api) {
    return new Citizen() {
      @Override
      public Future<String> subject() {
        return send(HttpMethod.GET, "/me", 200).map(body -> new JsonObject(body).getString("subject"));
      }

      @Override
      public Future<List<Consent>> consents() {
        return send(HttpMethod.GET, "/consents", 200).map(body -> new JsonArray(body).stream()
            .map(JsonObject.class::cast).map(Consent::fromJson).toList());
      }

      @Override
      public Future<ChangeOutcome> grant(String id) {
        return change("/requests/" + id + "/grant", id);
      }

      @Override
      public Future<ChangeOutcome> refuse(String id) {
        return change("/requests/" + id + "/refuse", id);
      }

      @Override
      public Future<ChangeOutcome> withdraw(String id) {
        return change("/consents/" + id + "/withdraw", id);
      }

      private Future<ChangeOutcome> change(String path, String id) {
        return app.send(HttpMethod.POST, URI.create(api + path)).compose(answer -> switch (answer.status()) {
          case 200 -> {
            JsonObject json = new JsonObject(answer.body());
            yield Future.succeededFuture(new ChangeOutcome.Changed(Consent.fromJson(json.getJsonObject("consent")),
                json.getString("receipt"), json.getLong("audit_index")));
          }
          case 404 -> Future.succeededFuture(new ChangeOutcome.NotFound(id));
          case 409 -> Future.succeededFuture(new ChangeOutcome.NotAllowed(id,
              new JsonObject(answer.body()).getString("detail", "")));
          default -> Future.failedFuture(unexpected("POST " + path, answer));
        });
      }

      private Future<String> send(HttpMethod method, String path, int expected) {
        return app.send(method, URI.create(api + path)).compose(answer -> answer.status() == expected
            ? Future.succeededFuture(answer.body())
            : Future.failedFuture(unexpected(method + " " + path, answer)));
      }
    };
  }

  private static IllegalStateException unexpected(String request, CitizenApp.Answer answer) {
    return new IllegalStateException("the portal's API answered " + request + " with " + answer.status() + ": "
        + answer.body());
  }
}
