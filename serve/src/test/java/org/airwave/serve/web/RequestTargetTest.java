package org.airwave.serve.web;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RequestTargetTest {

    @Test
    void decodesPercentEscapesInAnyCaseAndRawUtf8() {
        RequestTarget target = RequestTarget.parse("/admin/listclients?mount=%2flive&x=%C3%A9&y=\u00c3\u00a9&z=a+b");
        assertThat(target.path()).isEqualTo("/admin/listclients");
        assertThat(target.parameter("mount")).isEqualTo("/live");
        assertThat(target.parameter("x")).isEqualTo("é");
        assertThat(target.parameter("y")).as("raw UTF-8 bytes").isEqualTo("é");
        assertThat(target.parameter("z")).isEqualTo("a+b");
        assertThat(target.parameter("missing")).isNull();
    }

    @Test
    void firstValueWinsAndBrokenEscapesStayLiteral() {
        RequestTarget target = RequestTarget.parse("/stats?sid=1&sid=2&bad=%zz%4&flag&=x");
        assertThat(target.parameter("sid")).isEqualTo("1");
        assertThat(target.parameter("bad")).isEqualTo("%zz%4");
        assertThat(target.parameter("flag")).isEmpty();
        assertThat(RequestTarget.parse("/%E9t%E9").path()).as("not UTF-8: Latin-1").isEqualTo("/été");
    }

    @Test
    void readsABoundedNumberOfParameters() {
        StringBuilder uri = new StringBuilder("/x?");
        for (int i = 0; i < RequestTarget.MAX_PARAMETERS + 10; i++) {
            uri.append("p").append(i).append("=").append(i).append('&');
        }
        RequestTarget target = RequestTarget.parse(uri.toString());
        assertThat(target.parameter("p" + (RequestTarget.MAX_PARAMETERS - 1))).isNotNull();
        assertThat(target.parameter("p" + RequestTarget.MAX_PARAMETERS)).isNull();
    }
}
