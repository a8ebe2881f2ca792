package io.twinguard.broker.admission;

import io.twinguard.audit.record.RecordLimits;
import io.twinguard.broker.call.Admitted;
import io.twinguard.broker.call.Authenticated;
import io.twinguard.broker.call.Ingress;
import io.twinguard.broker.call.Step;
import io.twinguard.broker.refusal.Refusal;
import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Admits a call whose headers are well formed: a refusal of the HTTP layer (body too large, say)
 * stands; one Host, one purpose, at most one Content-Type and Content-Digest; the purpose is one
 * DPV term; the data subjects are pseudonymous ids; a body is JSON in UTF-8. Every value that goes
 * into the call's audit record is bounded here by the record's own limits ({@link RecordLimits}),
 * so that a record can never fail after the call was decided.
 */
public final class Admit implements Step<Authenticated, Admitted> {

  private static final Pattern PURPOSE = Pattern.compile("[a-z][a-z0-9-]*:[A-Za-z][A-Za-z0-9]*");

  /** Headers a request may carry once at most (the Host exactly once, RFC 9112 section 3.2). */
  private static final List<String> SINGLE = List.of("host", Ingress.PURPOSE, "content-type", "content-digest");

  @Override
  public Future<Admitted> apply(Authenticated authenticated) {
    Ingress in = authenticated.ingress();
    if (in.admission() != null) {
      return in.admission().fail();
    }
    for (String name : SINGLE) {
      if (in.headers().getAll(name).size() > 1) {
        return new Refusal.BadRequest("the request has more than one " + name + " header").fail();
      }
    }
    String purpose = in.headers().get(Ingress.PURPOSE);
    if (purpose == null || purpose.isBlank()) {
      return new Refusal.BadRequest("the " + Ingress.PURPOSE
          + " header is required: the DPV purpose of the call, such as dpv:ServiceProvision").fail();
    }
    if (!RecordLimits.ID.accepts(purpose) || !PURPOSE.matcher(purpose).matches()) {
      return new Refusal.BadRequest(Ingress.PURPOSE + " must be one DPV term such as dpv:ServiceProvision, of at most "
          + RecordLimits.ID.maxLength() + " characters").fail();
    }
    List<String> subjects = new ArrayList<>();
    for (String header : in.headers().getAll(Ingress.SUBJECTS)) {
      for (String item : header.split(",", -1)) {
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
    if (in.body().length() > 0) {
      Optional<String> mediaType = JsonBody.mediaTypeProblem(in.headers().get("content-type"));
      if (mediaType.isPresent()) {
        return new Refusal.UnsupportedMediaType(mediaType.get()).fail();
      }
      if (!JsonBody.isUtf8(in.body())) {
        return new Refusal.BadRequest("the payload is not well-formed UTF-8").fail();
      }
    }
    return Future.succeededFuture(new Admitted(authenticated, purpose, subjects));
  }
}
