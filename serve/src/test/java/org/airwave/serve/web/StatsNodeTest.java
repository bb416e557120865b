package org.airwave.serve.web;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The element tree written as Icecast's XML and through Icecast's xml2json rules. */
class StatsNodeTest {

    @Test
    void xmlIsLibxml2Style() {
        StatsNode root = StatsNode.element("icestats")
                .add(StatsNode.listElement("source").attribute("mount", "/a\"&<b>")
                        .add("title", "O'Brien & Co <live>\r")
                        .add("fallback", "")
                        .add(StatsNode.text("dummy", null)));
        assertThat(root.toXmlDocument()).isEqualTo("<?xml version=\"1.0\"?>\n<icestats><source mount=\"/a&quot;&amp;&lt;b&gt;\">"
                + "<title>O'Brien &amp; Co &lt;live&gt;&#13;</title><fallback></fallback><dummy/></source></icestats>\n");
    }

    @Test
    void xmlDropsCharactersXmlCannotCarry() {
        assertThat(StatsNode.text("t", "a\u0001b\u0000c\uFFFEd\ud800e").toXmlDocument())
                .isEqualTo("<?xml version=\"1.0\"?>\n<t>abcde</t>\n");
    }

    @Test
    void jsonFollowsXml2json() {
        StatsNode one = StatsNode.element("icestats").add("n", "12").add("neg", "-1.5").add("zero", "0")
                .add("lead", "012").add("t", "TRUE").add("f", "false").add("e", "").add("s", "12 Monkeys")
                .add(StatsNode.element("source").add("x", "1"));
        assertThat(one.toJsonDocument()).isEqualTo("{\"icestats\":{\"n\":12,\"neg\":-1.5,\"zero\":0,\"lead\":\"012\","
                + "\"t\":true,\"f\":false,\"e\":null,\"s\":\"12 Monkeys\",\"source\":{\"x\":1}}}");
        StatsNode two = StatsNode.element("icestats").add(StatsNode.element("source").add("x", "1"))
                .add(StatsNode.element("source").add("x", "2")).add(StatsNode.text("dummy", null));
        assertThat(two.toJsonDocument()).isEqualTo("{\"icestats\":{\"source\":[{\"x\":1},{\"x\":2}],\"dummy\":null}}");
        StatsNode list = StatsNode.element("icestats").add(StatsNode.listElement("source").attribute("mount", "/m"));
        assertThat(list.toJsonDocument()).isEqualTo("{\"icestats\":{\"source\":[{\"mount\":\"/m\"}]}}");
    }
}
