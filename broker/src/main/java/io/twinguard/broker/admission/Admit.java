package io.twinguard.broker.admission;

import io.twinguard.broker.call.Admitted;
import io.twinguard.broker.call.Authenticated;
import io.twinguard.broker.call.Ingress;
import io.twinguard.broker.call.Step;
import io.twinguard.broker.refusal.Refusal;
import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Admits a call whose headers are well formed: a refusal of the HTTP layer (body too large, say)
 * stands; the purpose is one DPV term; the data subjects are pseudonymous ids; a body is JSON.
 */
public final class Admit implements Step<Authenticated, Admitted> {

  private static final Pattern PURPOSE = Pattern.compile("[a-z][a-z0-9-]*:[A-Za-z][A-Za-z0-9]*");

  @Override
  public Future<Admitted> apply(Authenticated authenticated) {
    Ingress in = authenticated.ingress();
    if (in.admission() != null) {
      return in.admission().fail();
    }
    String purpose = in.headers().get(Ingress.PURPOSE);
    if (purpose == null || purpose.isBlank()) {
      return new Refusal.BadRequest("the " + Ingress.PURPOSE
          + " header is required: the DPV purpose of the call, such as dpv:ServiceProvision").fail();
    }
    if (!PURPOSE.matcher(purpose).matches()) {
      return new Refusal.BadRequest(Ingress.PURPOSE + " must be one DPV term such as dpv:ServiceProvision").fail();
    }
    List<String> subjects = new ArrayList<>();
    for (String header : in.headers().getAll(Ingress.SUBJECTS)) {
      for (String item : header.split(",")) {
        String subject = item.trim();
        if (!Subjects.isValid(subject)) {
          return new Refusal.BadRequest(Ingress.SUBJECTS + " must list pseudonymous subject ids (letters, digits, "
              + "'.', '_', ':', '-'; at most 128 each), comma-separated").fail();
        }
        if (!subjects.contains(subject)) {
          subjects.add(subject);
        }
      }
    }
    if (subjects.size() > Subjects.MAX) {
      return new Refusal.BadRequest("at most " + Subjects.MAX + " data subjects per call").fail();
    }
    String contentType = in.headers().get("content-type");
    if (in.body().length() > 0 && (contentType == null || !contentType.startsWith("application/json"))) {
      return new Refusal.UnsupportedMediaType("the payload must be application/json").fail();
    }
    return Future.succeededFuture(new Admitted(authenticated, purpose, subjects));
  }
}
