package io.twinguard.signing.keys;

import io.twinguard.signing.internal.BouncyCastle;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.DERBMPString;
import org.bouncycastle.asn1.DERNull;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.nist.NISTObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.ContentInfo;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.OutputEncryptor;
import org.bouncycastle.pkcs.PKCS12PfxPdu;
import org.bouncycastle.pkcs.PKCS12PfxPduBuilder;
import org.bouncycastle.pkcs.PKCS12SafeBag;
import org.bouncycastle.pkcs.PKCS12SafeBagBuilder;
import org.bouncycastle.pkcs.PKCS12SafeBagFactory;
import org.bouncycastle.pkcs.PKCS8EncryptedPrivateKeyInfo;
import org.bouncycastle.pkcs.PKCSException;
import org.bouncycastle.pkcs.jcajce.JcaPKCS12SafeBagBuilder;
import org.bouncycastle.pkcs.jcajce.JcePKCS12MacCalculatorBuilder;
import org.bouncycastle.pkcs.jcajce.JcePKCS12MacCalculatorBuilderProvider;
import org.bouncycastle.pkcs.jcajce.JcePKCSPBEInputDecryptorProviderBuilder;
import org.bouncycastle.pkcs.jcajce.JcePKCSPBEOutputEncryptorBuilder;

/**
 * Password-protected PKCS#12 files holding one key pair and, optionally, its certificate chain.
 *
 * <p>The key is shrouded with PBES2 (PBKDF2-HMAC-SHA256, AES-256-CBC), certificates are encrypted
 * the same way, and the whole file carries a SHA-256 MAC, which is what tells a wrong password
 * from a corrupt file. A file without certificates is valid: twins may keep a bare key pair.
 */
public final class Pkcs12 {

  private static final SecureRandom RANDOM = new SecureRandom();
  private static final int ITERATIONS = 210_000;

  /** What a PKCS#12 file holds: the key pair and the chain, leaf first (possibly empty). */
  public record Contents(KeyPair keyPair, List<X509Certificate> chain) {
    public Contents {
      Objects.requireNonNull(keyPair, "keyPair");
      chain = List.copyOf(chain);
    }
  }

  private Pkcs12() {}

  /**
   * Encodes a key pair and its chain (leaf first; may be empty) as a DER PKCS#12 file.
   *
   * @throws IllegalArgumentException when the key cannot be encoded
   */
  public static byte[] encode(KeyPair keyPair, List<X509Certificate> chain, char[] password) {
    try {
      OutputEncryptor encryptor = new JcePKCSPBEOutputEncryptorBuilder(NISTObjectIdentifiers.id_aes256_CBC)
          .setProvider(BouncyCastle.PROVIDER)
          .setPRF(new AlgorithmIdentifier(PKCSObjectIdentifiers.id_hmacWithSHA256, DERNull.INSTANCE))
          .setRandom(RANDOM)
          .setIterationCount(ITERATIONS)
          .build(password);
      byte[] localKeyId = Keys.thumbprint(keyPair.getPublic()).getBytes(StandardCharsets.US_ASCII);
      PKCS12SafeBagBuilder keyBag = new PKCS12SafeBagBuilder(Keys.pkcs8V1(keyPair.getPrivate()), encryptor);
      keyBag.addBagAttribute(PKCS12SafeBag.friendlyNameAttribute, new DERBMPString("twinguard"));
      keyBag.addBagAttribute(PKCS12SafeBag.localKeyIdAttribute,
          new DEROctetString(localKeyId));
      List<PKCS12SafeBag> certBags = new ArrayList<>();
      for (int i = 0; i < chain.size(); i++) {
        PKCS12SafeBagBuilder certBag = new JcaPKCS12SafeBagBuilder(chain.get(i));
        if (i == 0) {
          certBag.addBagAttribute(PKCS12SafeBag.localKeyIdAttribute,
              new DEROctetString(localKeyId));
        }
        certBags.add(certBag.build());
      }
      PKCS12PfxPduBuilder pfx = new PKCS12PfxPduBuilder();
      if (!certBags.isEmpty()) {
        pfx.addEncryptedData(encryptor, certBags.toArray(PKCS12SafeBag[]::new));
      }
      pfx.addData(keyBag.build());
      return pfx.build(new JcePKCS12MacCalculatorBuilder(NISTObjectIdentifiers.id_sha256)
              .setProvider(BouncyCastle.PROVIDER).setIterationCount(ITERATIONS), password)
          .getEncoded(ASN1Encoding.DER);
    } catch (OperatorCreationException | PKCSException | IOException | RuntimeException e) {
      throw new IllegalArgumentException("cannot build the PKCS#12 file: " + e.getMessage(), e);
    }
  }

  /**
   * Decodes a PKCS#12 file written by {@link #encode} or by OpenSSL with modern defaults.
   *
   * @throws KeyFileException WRONG_PASSWORD when the MAC does not verify, CORRUPT when the bytes are
   *     not PKCS#12 or hold no private key, UNSUPPORTED_KEY for keys other than Ed25519 and P-256
   */
  public static Contents decode(byte[] der, char[] password) throws KeyFileException {
    PKCS12PfxPdu pfx;
    try {
      pfx = new PKCS12PfxPdu(der);
    } catch (IOException | RuntimeException e) {
      throw new KeyFileException(KeyFileException.Reason.CORRUPT, "not a PKCS#12 file", e);
    }
    try {
      if (pfx.hasMac() && !pfx.isMacValid(
          new JcePKCS12MacCalculatorBuilderProvider().setProvider(BouncyCastle.PROVIDER), password)) {
        throw new KeyFileException(
            KeyFileException.Reason.WRONG_PASSWORD, "wrong password for the PKCS#12 file");
      }
    } catch (PKCSException | RuntimeException e) {
      throw new KeyFileException(KeyFileException.Reason.CORRUPT, "unreadable PKCS#12 MAC", e);
    }
    var decryptor = new JcePKCSPBEInputDecryptorProviderBuilder()
        .setProvider(BouncyCastle.PROVIDER).build(password);
    PrivateKey privateKey = null;
    List<X509Certificate> chain = new ArrayList<>();
    try {
      for (ContentInfo info : pfx.getContentInfos()) {
        PKCS12SafeBagFactory bags = info.getContentType().equals(PKCSObjectIdentifiers.encryptedData)
            ? new PKCS12SafeBagFactory(info, decryptor)
            : new PKCS12SafeBagFactory(info);
        for (PKCS12SafeBag bag : bags.getSafeBags()) {
          Object value = bag.getBagValue();
          if (value instanceof PKCS8EncryptedPrivateKeyInfo shrouded) {
            privateKey = Keys.convertPrivate(shrouded.decryptPrivateKeyInfo(decryptor));
          } else if (value instanceof PrivateKeyInfo plain) {
            privateKey = Keys.convertPrivate(plain);
          } else if (value instanceof X509CertificateHolder holder) {
            chain.add(new JcaX509CertificateConverter().setProvider(BouncyCastle.PROVIDER)
                .getCertificate(holder));
          }
        }
      }
    } catch (PKCSException | CertificateException | RuntimeException e) {
      throw new KeyFileException(KeyFileException.Reason.CORRUPT, "unreadable PKCS#12 content", e);
    }
    if (privateKey == null) {
      throw new KeyFileException(KeyFileException.Reason.CORRUPT, "the PKCS#12 file holds no private key");
    }
    return new Contents(Keys.keyPairOf(Keys.checked(privateKey)), chain);
  }

  /** Writes {@link #encode} to a file readable by the owner only. */
  public static void write(Path file, KeyPair keyPair, List<X509Certificate> chain, char[] password)
      throws KeyFileException {
    Keys.writeSecret(file, encode(keyPair, chain, password));
  }

  /** Reads a PKCS#12 file; see {@link #decode}. */
  public static Contents read(Path file, char[] password) throws KeyFileException {
    try {
      return decode(Files.readAllBytes(file), password);
    } catch (IOException e) {
      throw new KeyFileException(KeyFileException.Reason.IO, "cannot read " + file + ": " + e, e);
    }
  }
}
