package io.twinguard.broker;

import io.twinguard.broker.access.ApiAccess;
import io.twinguard.broker.access.Role;
import io.twinguard.broker.adapter.TwinAdapters;
import io.twinguard.broker.admin.AdminApi;
import io.twinguard.broker.admin.EcosystemState;
import io.twinguard.broker.auditapi.AuditApi;
import io.twinguard.broker.catalogue.CatalogueApi;
import io.twinguard.broker.identity.SigningCertificateApi;
import io.twinguard.broker.lifecycle.api.RoleGate;
import io.twinguard.broker.server.Api;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/**
 * The APIs a broker mounts beside the call pipeline: the admin API (operators), the registry's
 * catalogue (registered twins), the broker's
 * signing certificate, the policy lifecycle's API (policy authors) when there is one, the audit API
 * (auditors) when the broker records on an audit log, then the parts' own (the consent portal).
 * Who may use the first and third is {@code access}'s to say.
 */
final class OwnApis {

  private OwnApis() {}

  static Future<List<Api>> of(Vertx vertx, Broker.Parts parts, ApiAccess access, EcosystemState state,
      TwinAdapters adapters, Clock clock) {
    List<Api> apis = new ArrayList<>();
    apis.add(new AdminApi(state, access, parts.audit(), adapters, clock));
    apis.add(new SigningCertificateApi(parts.identity()));
    apis.add(new CatalogueApi(() -> state.current().catalog(), access));
    parts.lifecycle().ifPresent(lifecycle -> apis.add(lifecycle.api(RoleGate.of(access))));
    return parts.log()
        .map(log -> AuditApi.create(vertx, log).map(audit -> {
          apis.add((router, refuse) -> {
            router.route(AuditApi.PREFIX + "/*").handler(access.require(Role.AUDITOR, refuse));
            audit.mount(router, refuse);
          });
          return apis;
        }))
        .orElseGet(() -> Future.succeededFuture(apis))
        .map(own -> {
          own.addAll(parts.apis());
          return own;
        });
  }
}
