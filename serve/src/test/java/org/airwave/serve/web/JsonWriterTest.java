package org.airwave.serve.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class JsonWriterTest {

    @Test
    void writesNestedContainersWithCommas() {
        String json = new JsonWriter().beginObject()
                .name("a").value(1)
                .name("b").beginArray().value("x").value(true).nullValue().beginObject().endObject().endArray()
                .name("c").value((String) null)
                .endObject().toString();
        assertThat(json).isEqualTo("{\"a\":1,\"b\":[\"x\",true,null,{}],\"c\":null}");
    }

    @Test
    void escapesEverythingAStringMayNotCarry() {
        String hostile = "q\" b\\ nl\n cr\r tab\t nul\u0000 esc\u001b ls\u2028 ps\u2029 lone\ud800 pair\ud83d\udcfb é";
        assertThat(new JsonWriter().value(hostile).toString()).isEqualTo(
                "\"q\\\" b\\\\ nl\\n cr\\r tab\\t nul\\u0000 esc\\u001b ls\\u2028 ps\\u2029 lone\\ud800 pair\ud83d\udcfb é\"");
    }

    @Test
    void onlyPlainJsonNumbersGoUnquoted() {
        assertThat(JsonWriter.isNumber("128")).isTrue();
        assertThat(JsonWriter.isNumber("-3.25")).isTrue();
        assertThat(JsonWriter.isNumber("0")).isTrue();
        for (String notANumber : new String[] {"007", "1.", ".5", "1e3", "+1", " 1", "NaN", "", "0x10", "12a"}) {
            assertThat(JsonWriter.isNumber(notANumber)).as(notANumber).isFalse();
        }
        assertThat(new JsonWriter().beginArray().numberOrString("42").numberOrString("42 FM").endArray().toString())
                .isEqualTo("[42,\"42 FM\"]");
    }

    @Test
    void misuseIsAnError() {
        assertThatThrownBy(() -> new JsonWriter().beginObject().value(1)).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> new JsonWriter().beginArray().name("x")).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> new JsonWriter().beginArray().toString()).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> new JsonWriter().beginArray().endObject()).isInstanceOf(IllegalStateException.class);
    }
}
