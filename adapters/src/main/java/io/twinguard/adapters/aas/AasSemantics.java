package io.twinguard.adapters.aas;

import java.util.List;
import java.util.Map;

/**
 * How an Asset Administration Shell declares what twinguard's registry needs: a block's kind, its
 * IP class and the DPV personal-data categories of its fields. Qualifiers that the AAS owner sets
 * decide first; for submodels without them, the submodel's semanticId (an IDTA submodel template)
 * decides; what neither names is declared {@code proprietary} (fail closed: nobody outside the
 * owner's organisation gets it unless a policy allows) with no personal data.
 */
public final class AasSemantics {

  /** Qualifier on a submodel: {@code open}, {@code licensed} or {@code proprietary}. */
  public static final String IP_CLASS = "twinguard:ipClass";
  /** Qualifier on a submodel: {@code data}, {@code model} or {@code service}. */
  public static final String BLOCK_KIND = "twinguard:blockKind";
  /** Qualifier on a submodel (every field of it) or on a Property: a DPV personal-data term, e.g. {@code pd:Location}. */
  public static final String DATA_CATEGORY = "twinguard:dataCategory";
  /** Qualifier on a Property: {@code true} lets the block's {@code write} operation change it. */
  public static final String WRITABLE = "twinguard:writable";

  /**
   * What a submodel template implies when its submodel carries no qualifier.
   *
   * @param kind the block kind
   * @param ipClass the IP class
   * @param categories the DPV categories of every field of the submodel
   */
  public record Template(String kind, String ipClass, List<String> categories) {
    public Template {
      categories = List.copyOf(categories);
    }
  }

  /** Submodels that no qualifier or template describes. */
  public static final Template UNKNOWN = new Template("data", "proprietary", List.of());

  /** The IDTA submodel templates twinguard knows, by semanticId. */
  public static final Map<String, Template> TEMPLATES = Map.of(
      "https://admin-shell.io/idta/nameplate/3/0/Nameplate", new Template("data", "open", List.of()),
      "https://admin-shell.io/zvei/nameplate/2/0/Nameplate", new Template("data", "open", List.of()),
      "https://admin-shell.io/zvei/nameplate/1/0/Nameplate", new Template("data", "open", List.of()),
      "https://admin-shell.io/ZVEI/TechnicalData/Submodel/1/2", new Template("data", "open", List.of()),
      "https://admin-shell.io/zvei/nameplate/1/0/ContactInformations", new Template("data", "open", List.of("pd:Contact")),
      "https://admin-shell.io/idta/SimulationModels/SimulationModels/1/0", new Template("model", "proprietary", List.of()),
      "https://admin-shell.io/idta/TimeSeries/1/1", new Template("data", "licensed", List.of()));

  private AasSemantics() {}
}
