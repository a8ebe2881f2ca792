package io.twinguard.broker.refusal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.twinguard.common.problem.ProblemType;
import io.twinguard.signing.oauth.AuthScheme;
import io.twinguard.signing.oauth.TokenRejection;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class IdentityRefusalTest {

  @Test
  void tokenProblems_everyRejectionCase_hasItsOwnTypeWithStatus401() {
    Class<?>[] cases = TokenRejection.class.getPermittedSubclasses();
    Set<ProblemType> types = new HashSet<>();

    for (Class<?> rejection : cases) {
      ProblemType type = TokenProblems.TYPES.get(rejection);
      assertTrue(type != null, rejection.getSimpleName() + " has a problem type");
      assertEquals(401, type.status(), rejection.getSimpleName());
      types.add(type);
    }

    assertEquals(cases.length, types.size());
    assertEquals(cases.length, TokenProblems.TYPES.size());
  }

  @Test
  void tokenRejected_proofFailures_challengeWithInvalidDpopProof() {
    for (TokenRejection proof : List.of(new TokenRejection.DpopReplay("j"), new TokenRejection.DpopProofStale(Instant.EPOCH),
        new TokenRejection.DpopRequestMismatch("htu", "x"), new TokenRejection.DpopTokenHashMismatch(),
        new TokenRejection.DpopProofInvalid("typ"))) {
      assertTrue(new IdentityRefusal.TokenRejected(proof).challenge().orElseThrow()
          .startsWith("DPoP error=\"invalid_dpop_proof\""), proof.toString());
    }
  }

  @Test
  void tokenRejected_tokenFailures_challengeBothSchemesWithInvalidToken() {
    for (TokenRejection token : List.of(new TokenRejection.Unbound(), new TokenRejection.Expired(Instant.EPOCH),
        new TokenRejection.WrongScheme(AuthScheme.BEARER), new TokenRejection.DpopKeyMismatch("a", "b"))) {
      String challenge = new IdentityRefusal.TokenRejected(token).challenge().orElseThrow();
      assertTrue(challenge.startsWith("DPoP error=\"invalid_token\""), challenge);
      assertTrue(challenge.contains("Bearer realm=\"twinguard\", error=\"invalid_token\""), challenge);
    }
  }

  @Test
  void challenge_onlyForStatus401() {
    List<IdentityRefusal> refusals = List.of(new IdentityRefusal.CredentialsMissing("none"),
        new IdentityRefusal.TokenRejected(new TokenRejection.Unbound()), new IdentityRefusal.UnknownClient("c"),
        new IdentityRefusal.MethodNotAllowed("m"), new IdentityRefusal.RoleRequired("operator"),
        new IdentityRefusal.ProviderUnavailable("down"));

    for (IdentityRefusal refusal : refusals) {
      assertEquals(refusal.problem().status() == 401, refusal.challenge().isPresent(), refusal.toString());
    }
    assertEquals(Set.of(401, 403, 503),
        new HashSet<>(Arrays.asList(refusals.stream().map(r -> r.problem().status()).toArray(Integer[]::new))));
  }

  @Test
  void credentialsMissing_challengesWithTheSchemesTheBrokerTakes() {
    assertEquals("DPoP algs=\"ES256 EdDSA\", Bearer realm=\"twinguard\"",
        new IdentityRefusal.CredentialsMissing("none").challenge().orElseThrow());
  }
}
