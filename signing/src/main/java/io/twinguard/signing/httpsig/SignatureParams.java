package io.twinguard.signing.httpsig;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.greenbytes.http.sfv.InnerList;
import org.greenbytes.http.sfv.IntegerItem;
import org.greenbytes.http.sfv.Item;
import org.greenbytes.http.sfv.Parameters;
import org.greenbytes.http.sfv.StringItem;

/**
 * The covered components and the signature parameters of one signature: the value of its
 * {@code Signature-Input} member and of the {@code @signature-params} line.
 *
 * <p>Parameters keep their order: a verifier must serialize them exactly as the signer did.
 * {@code created} and {@code expires} must be integers, {@code nonce}, {@code keyid}, {@code alg}
 * and {@code tag} strings; other parameters are kept as received.
 *
 * @param components the covered components, in order, without duplicates
 * @param parameters the signature parameters, in order
 */
public record SignatureParams(List<ComponentId> components, Parameters parameters) {

  /** @throws IllegalArgumentException on duplicates, {@code @signature-params}, or mistyped values */
  public SignatureParams {
    components = List.copyOf(components);
    Objects.requireNonNull(parameters, "parameters");
    if (components.stream().distinct().count() != components.size()) {
      throw new IllegalArgumentException("a component is covered twice");
    }
    if (components.stream().anyMatch(c -> c.name().equals("@signature-params"))) {
      throw new IllegalArgumentException("@signature-params cannot be a covered component");
    }
    for (String integer : List.of("created", "expires")) {
      if (parameters.containsKey(integer) && !(parameters.get(integer) instanceof IntegerItem)) {
        throw new IllegalArgumentException(integer + " must be an integer");
      }
    }
    for (String string : List.of("nonce", "keyid", "alg", "tag")) {
      if (parameters.containsKey(string) && !(parameters.get(string) instanceof StringItem)) {
        throw new IllegalArgumentException(string + " must be a string");
      }
    }
  }

  /** Reads the inner list of a {@code Signature-Input} member. */
  static SignatureParams fromInnerList(InnerList list) {
    List<ComponentId> components = new ArrayList<>();
    for (Item<? extends Object> item : list.get()) {
      if (!(item instanceof StringItem name)) {
        throw new IllegalArgumentException("component identifiers must be strings: " + item.serialize());
      }
      components.add(new ComponentId(name.get(), name.getParams()));
    }
    return new SignatureParams(components, list.getParams());
  }

  /** A builder over the given components; parameters are serialized in the order they are set. */
  public static Builder builder(List<ComponentId> components) {
    return new Builder(components);
  }

  public Optional<Instant> created() {
    return instant("created");
  }

  public Optional<Instant> expires() {
    return instant("expires");
  }

  public Optional<String> nonce() {
    return string("nonce");
  }

  public Optional<String> keyid() {
    return string("keyid");
  }

  public Optional<String> alg() {
    return string("alg");
  }

  public Optional<String> tag() {
    return string("tag");
  }

  /** The inner list as in {@code Signature-Input} and the {@code @signature-params} line. */
  public String serialize() {
    return toInnerList().serialize();
  }

  InnerList toInnerList() {
    List<Item<? extends Object>> items = new ArrayList<>();
    components.forEach(c -> items.add(c.toItem()));
    return InnerList.valueOf(items).withParams(parameters);
  }

  /** Equal when they serialize to the same bytes, which is what a signature covers. */
  @Override
  public boolean equals(Object other) {
    return other instanceof SignatureParams p && serialize().equals(p.serialize());
  }

  @Override
  public int hashCode() {
    return serialize().hashCode();
  }

  @Override
  public String toString() {
    return serialize();
  }

  private Optional<Instant> instant(String key) {
    return parameters.get(key) instanceof IntegerItem i
        ? Optional.of(Instant.ofEpochSecond(i.getAsLong())) : Optional.empty();
  }

  private Optional<String> string(String key) {
    return parameters.get(key) instanceof StringItem s ? Optional.of(s.get()) : Optional.empty();
  }

  /** Sets parameters in call order. */
  public static final class Builder {
    private final List<ComponentId> components;
    private final Map<String, Object> parameters = new LinkedHashMap<>();

    private Builder(List<ComponentId> components) {
      this.components = List.copyOf(components);
    }

    /** {@code created}, in whole seconds. */
    public Builder created(Instant created) {
      parameters.put("created", created.getEpochSecond());
      return this;
    }

    /** {@code expires}, in whole seconds. */
    public Builder expires(Instant expires) {
      parameters.put("expires", expires.getEpochSecond());
      return this;
    }

    public Builder nonce(String nonce) {
      parameters.put("nonce", nonce);
      return this;
    }

    public Builder alg(SignatureAlgorithm alg) {
      parameters.put("alg", alg.httpName());
      return this;
    }

    public Builder keyid(String keyid) {
      parameters.put("keyid", keyid);
      return this;
    }

    public Builder tag(String tag) {
      parameters.put("tag", tag);
      return this;
    }

    public SignatureParams build() {
      return new SignatureParams(components, Parameters.valueOf(parameters));
    }
  }
}
