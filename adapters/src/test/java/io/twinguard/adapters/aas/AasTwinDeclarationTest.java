package io.twinguard.adapters.aas;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.twinguard.adapters.SettingsException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Map;
import org.eclipse.digitaltwin.aas4j.v3.dataformat.json.JsonDeserializer;
import org.eclipse.digitaltwin.aas4j.v3.model.Submodel;
import org.junit.jupiter.api.Test;

/** The AAS to registry mapping on its own, without a server. */
class AasTwinDeclarationTest {

  private static final String ID = "urn:example:sm:1";

  private static JsonObject descriptor() {
    return new JsonObject().put("idShort", "Tank7").put("assetType", "urn:farm.example:types:irrigation-tank")
        .put("submodelDescriptors", new JsonArray().add(new JsonObject().put("id", ID).put("endpoints", new JsonArray()
            .add(new JsonObject().put("interface", "SUBMODEL-3.0").put("protocolInformation",
                new JsonObject().put("href", "http://127.0.0.1:1/api/v3.0/submodels/x"))))));
  }

  private static Submodel submodel(String qualifiers, String elements) throws Exception {
    return new JsonDeserializer().read("{\"modelType\":\"Submodel\",\"idShort\":\"Level\",\"id\":\"" + ID + "\""
        + ",\"qualifiers\":[" + qualifiers + "],\"submodelElements\":[" + elements + "]}", Submodel.class);
  }

  private static final String LEVEL = "{\"modelType\":\"Property\",\"idShort\":\"LevelPercent\",\"valueType\":\"xs:decimal\",\"value\":\"40\"}";
  private static final String MANUAL = "{\"modelType\":\"File\",\"idShort\":\"Manual\",\"contentType\":\"application/pdf\",\"value\":\"/manual.pdf\"}";

  @Test
  void from_whenSubmodelHasNoQualifierOrKnownTemplate_declaresItProprietaryWithoutPersonalData() throws Exception {
    AasTwinDeclaration.Declared declared = AasTwinDeclaration.from(descriptor(), Map.of(ID, submodel("", LEVEL + "," + MANUAL)),
        new AasTwinDeclaration.Options("farm.example", "water-co", 5000));

    JsonObject twin = declared.twin();
    JsonObject block = twin.getJsonArray("blocks").getJsonObject(0);
    assertEquals("spiffe://farm.example/twin/tank7", twin.getString("id"));
    assertEquals("irrigation-tank", twin.getString("class"));
    assertEquals("data/level proprietary []", block.getString("kind") + "/" + block.getString("name") + " "
        + block.getString("ip_class") + " " + block.getJsonArray("data_categories").getList());
    assertEquals(List.of("Level/Manual (File)"), declared.skipped());
    assertEquals(List.of("read"), List.copyOf(block.getJsonObject("operations").fieldNames()));
  }

  @Test
  void from_whenIpClassQualifierIsUnknown_failsNamingTheSubmodel() throws Exception {
    Submodel submodel = submodel("{\"type\":\"twinguard:ipClass\",\"valueType\":\"xs:string\",\"value\":\"secret\"}", LEVEL);

    SettingsException e = assertThrows(SettingsException.class, () -> AasTwinDeclaration.from(descriptor(), Map.of(ID, submodel),
        new AasTwinDeclaration.Options("farm.example", "water-co", 5000)));

    assertEquals(List.of("descriptor.submodelDescriptors[0]: qualifier twinguard:ipClass must be open, licensed or proprietary, not 'secret'"),
        e.errors());
  }

  @Test
  void from_whenSubmodelHasNoEndpoint_failsNamingIt() throws Exception {
    JsonObject descriptor = descriptor();
    descriptor.getJsonArray("submodelDescriptors").getJsonObject(0).put("endpoints", new JsonArray());

    SettingsException e = assertThrows(SettingsException.class, () -> AasTwinDeclaration.from(descriptor, Map.of(ID, submodel("", LEVEL)),
        new AasTwinDeclaration.Options("farm.example", "water-co", 5000)));

    assertEquals(List.of("descriptor.submodelDescriptors[0]: no SUBMODEL-3.0 endpoint with an http(s) href"), e.errors());
  }
}
