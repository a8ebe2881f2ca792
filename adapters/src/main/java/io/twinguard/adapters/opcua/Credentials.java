package io.twinguard.adapters.opcua;

import io.twinguard.adapters.SettingsException;
import io.twinguard.signing.ca.TrustMaterial;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.interfaces.RSAPublicKey;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;

/**
 * The files an OPC UA session needs, read once when the adapter is created: the CA that issued the
 * server's certificate, and the adapter's RSA certificate and key (OPC UA's Basic256Sha256 policy
 * is RSA only). Never logged.
 *
 * @param ca the trusted CA certificate
 * @param certificate the adapter's certificate
 * @param keyPair the adapter's key pair (the certificate's public key)
 */
record Credentials(X509Certificate ca, X509Certificate certificate, KeyPair keyPair) {

  /**
   * Reads the files.
   *
   * @throws SettingsException naming the setting whose file cannot be read or used
   */
  static Credentials read(OpcUaSettings settings, String path) {
    X509Certificate ca = certificate(settings.caFile(), path + ".trust.ca_file");
    X509Certificate certificate = certificate(settings.client().certFile(), path + ".client.cert_file");
    if (!(certificate.getPublicKey() instanceof RSAPublicKey rsa) || rsa.getModulus().bitLength() < 2048) {
      throw new SettingsException(path + ".client.cert_file", "must hold an RSA key of at least 2048 bits (Basic256Sha256)");
    }
    PrivateKey key = privateKey(settings.client().keyFile(), path + ".client.key_file");
    return new Credentials(ca, certificate, new KeyPair(certificate.getPublicKey(), key));
  }

  private static X509Certificate certificate(Path file, String path) {
    try {
      return TrustMaterial.parseCertificate(Files.readAllBytes(file));
    } catch (IOException | GeneralSecurityException | RuntimeException e) {
      throw new SettingsException(path, "cannot read a PEM certificate from " + file);
    }
  }

  private static PrivateKey privateKey(Path file, String path) {
    char[] text = new char[0];
    try {
      text = new String(Files.readAllBytes(file), StandardCharsets.US_ASCII).toCharArray();
      try (PEMParser parser = new PEMParser(new StringReader(new String(text)))) {
        Object object = parser.readObject();
        JcaPEMKeyConverter converter = new JcaPEMKeyConverter();
        if (object instanceof PrivateKeyInfo info) {
          return converter.getPrivateKey(info);
        }
        if (object instanceof PEMKeyPair pair) {
          return converter.getKeyPair(pair).getPrivate();
        }
      }
    } catch (IOException | RuntimeException e) {
      throw new SettingsException(path, "cannot read an unencrypted PEM private key from " + file);
    } finally {
      Arrays.fill(text, '\0');
    }
    throw new SettingsException(path, "no unencrypted PEM private key in " + file);
  }

  @Override
  public String toString() {
    return "Credentials[" + certificate.getSubjectX500Principal() + "]";
  }
}
