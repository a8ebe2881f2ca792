package io.twinguard.policies.bundle;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PublicKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.text.ParseException;
import java.util.Base64;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.Objects;

/**
 * Checks a bundle's {@code .signatures.json} as OPA does: exactly one JWS, signed with the
 * configured key and algorithm (the header's algorithm must be the configured one), with the
 * configured scope, listing every file of the bundle with its hash, and no file that is missing.
 * JSON files ({@code data.json}, {@code .manifest}) are hashed in OPA's canonical form; other
 * files byte for byte. Supports RSA (RS*, PS*) and EC (ES*) public keys in PEM.
 */
public final class BundleVerifier {

  /** The name of the signatures file in a bundle. */
  public static final String SIGNATURES = ".signatures.json";

  private static final Map<String, String> DIGESTS = Map.of(
      "SHA-256", "SHA-256", "SHA-384", "SHA-384", "SHA-512", "SHA-512", "SHA-224", "SHA-224");

  private final JWSVerifier verifier;
  private final JWSAlgorithm algorithm;
  private final String scope;

  private BundleVerifier(JWSVerifier verifier, JWSAlgorithm algorithm, String scope) {
    this.verifier = verifier;
    this.algorithm = algorithm;
    this.scope = scope;
  }

  /**
   * A verifier for bundles signed by the private half of {@code publicKeyPem} with
   * {@code algorithm} (such as RS256 or ES256) and the given scope ({@code ""} for none).
   *
   * @throws IllegalArgumentException when the key is not an RSA or EC public key in PEM that
   *     fits the algorithm
   */
  public static BundleVerifier of(String publicKeyPem, String algorithm, String scope) {
    JWSAlgorithm alg = JWSAlgorithm.parse(algorithm);
    PublicKey key = parsePublicKey(publicKeyPem);
    try {
      if (JWSAlgorithm.Family.RSA.contains(alg) && key instanceof RSAPublicKey rsa) {
        return new BundleVerifier(new RSASSAVerifier(rsa), alg, Objects.requireNonNull(scope));
      }
      if (JWSAlgorithm.Family.EC.contains(alg) && key instanceof ECPublicKey ec) {
        return new BundleVerifier(new ECDSAVerifier(ec), alg, Objects.requireNonNull(scope));
      }
    } catch (JOSEException e) {
      throw new IllegalArgumentException("the public key does not fit " + algorithm, e);
    }
    throw new IllegalArgumentException("the public key does not fit " + algorithm);
  }

  /**
   * Returns normally when the bundle's signature verifies and covers exactly its files.
   *
   * @throws BundleVerificationException naming what is wrong
   */
  public void verify(Map<String, byte[]> files) throws BundleVerificationException {
    byte[] signatures = files.get(SIGNATURES);
    if (signatures == null) {
      throw new BundleVerificationException("the bundle is not signed (no " + SIGNATURES + ")");
    }
    JsonArray tokens;
    try {
      tokens = new JsonObject(new String(signatures, StandardCharsets.UTF_8)).getJsonArray("signatures");
    } catch (DecodeException | ClassCastException e) {
      throw new BundleVerificationException(SIGNATURES + " is not valid", e);
    }
    if (tokens == null || tokens.size() != 1) {
      throw new BundleVerificationException(SIGNATURES + " must hold exactly one signature");
    }
    JsonObject claims = verifiedClaims(tokens.getValue(0));
    if (!scope.equals(claims.getString("scope", ""))) {
      throw new BundleVerificationException("the signature's scope does not match");
    }
    Map<String, JsonObject> listed = new HashMap<>();
    JsonArray listedFiles = claims.getJsonArray("files", new JsonArray());
    for (int i = 0; i < listedFiles.size(); i++) {
      JsonObject file = listedFiles.getJsonObject(i);
      listed.put(Bundle.strip(file.getString("name", "")), file);
    }
    for (Map.Entry<String, byte[]> file : files.entrySet()) {
      if (file.getKey().equals(SIGNATURES)) {
        continue;
      }
      JsonObject entry = listed.remove(file.getKey());
      if (entry == null) {
        throw new BundleVerificationException("file " + file.getKey() + " is not covered by the signature");
      }
      if (!hashOf(file.getKey(), file.getValue(), entry.getString("algorithm", ""))
          .equalsIgnoreCase(entry.getString("hash", ""))) {
        throw new BundleVerificationException("file " + file.getKey() + " does not match its signed hash");
      }
    }
    if (!listed.isEmpty()) {
      throw new BundleVerificationException("signed files missing from the bundle: " + listed.keySet());
    }
  }

  private JsonObject verifiedClaims(Object token) throws BundleVerificationException {
    try {
      JWSObject jws = JWSObject.parse(String.valueOf(token));
      if (!algorithm.equals(jws.getHeader().getAlgorithm())) {
        throw new BundleVerificationException("the signature uses " + jws.getHeader().getAlgorithm()
            + ", expected " + algorithm);
      }
      if (!jws.verify(verifier)) {
        throw new BundleVerificationException("the bundle signature does not verify with the configured key");
      }
      return new JsonObject(jws.getPayload().toString());
    } catch (ParseException | JOSEException | DecodeException e) {
      throw new BundleVerificationException("the bundle signature is malformed", e);
    }
  }

  /**
   * The hex hash of a bundle file as OPA computes it for {@code .signatures.json}: JSON files in
   * OPA's canonical form, other files as they are.
   */
  static String hashOf(String name, byte[] content, String algorithm) throws BundleVerificationException {
    String digestName = DIGESTS.get(algorithm);
    if (digestName == null) {
      throw new BundleVerificationException("file " + name + " is hashed with unsupported " + algorithm);
    }
    try {
      MessageDigest digest = MessageDigest.getInstance(digestName);
      String base = name.substring(name.lastIndexOf('/') + 1);
      byte[] hash = base.equals("data.json") || base.equals(".manifest")
          ? StructuredHash.digest(content, digest)
          : digest.digest(content);
      return HexFormat.of().formatHex(hash);
    } catch (NoSuchAlgorithmException | IOException e) {
      throw new BundleVerificationException("file " + name + " cannot be hashed", e);
    }
  }

  private static PublicKey parsePublicKey(String pem) {
    String base64 = pem.replaceAll("-----(BEGIN|END) PUBLIC KEY-----", "").replaceAll("\\s", "");
    byte[] der;
    try {
      der = Base64.getDecoder().decode(base64);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("the public key is not PEM", e);
    }
    for (String type : new String[] {"RSA", "EC"}) {
      try {
        return KeyFactory.getInstance(type).generatePublic(new X509EncodedKeySpec(der));
      } catch (GeneralSecurityException e) {
        // not this key type: try the next
      }
    }
    throw new IllegalArgumentException("the public key is neither an RSA nor an EC key in PEM (SubjectPublicKeyInfo)");
  }
}
