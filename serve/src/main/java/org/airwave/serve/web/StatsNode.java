package org.airwave.serve.web;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An element of an Icecast-style stats document ({@code <icestats>}, {@code <source mount="/live">},
 * {@code <listeners>0</listeners>}), built once and written either as Icecast's XML or as JSON the way
 * Icecast's {@code xml2json} stylesheet turns that XML into JSON: attributes and child elements
 * become members, elements sharing a name become an array (a single one stays an object unless it is
 * marked {@link #listItem()}), text that reads as a number or a boolean is written unquoted, and an
 * element with no content is {@code null}.
 *
 * <p>Not thread-safe while being built; built and written by one thread.
 */
public final class StatsNode {

    private final String name;
    private final String text;
    private final boolean listItem;
    private final Map<String, String> attributes = new LinkedHashMap<>();
    private final List<StatsNode> children = new ArrayList<>();

    private StatsNode(String name, String text, boolean listItem) {
        this.name = name;
        this.text = text;
        this.listItem = listItem;
    }

    /** An element that holds other elements. */
    public static StatsNode element(String name) {
        return new StatsNode(name, null, false);
    }

    /** An element that holds other elements and is always a JSON array member, even when alone. */
    public static StatsNode listElement(String name) {
        return new StatsNode(name, null, true);
    }

    /** An element with text content ({@code ""} writes {@code <name></name>}), or none when null. */
    public static StatsNode text(String name, String text) {
        return new StatsNode(name, text, false);
    }

    public StatsNode attribute(String attributeName, String value) {
        attributes.put(attributeName, value);
        return this;
    }

    public StatsNode add(StatsNode child) {
        children.add(child);
        return this;
    }

    public StatsNode add(String childName, String childText) {
        return add(text(childName, childText));
    }

    public StatsNode add(String childName, long value) {
        return add(text(childName, Long.toString(value)));
    }

    public String name() {
        return name;
    }

    public boolean listItem() {
        return listItem;
    }

    /** The document as Icecast (libxml2) writes it: declaration line, the element, a newline. */
    public String toXmlDocument() {
        StringBuilder xml = new StringBuilder(1024).append("<?xml version=\"1.0\"?>\n");
        writeXml(xml);
        return xml.append('\n').toString();
    }

    /** The document as JSON: {@code {"name": ...}}. */
    public String toJsonDocument() {
        JsonWriter json = new JsonWriter().beginObject().name(name);
        writeJsonValue(json);
        return json.endObject().toString();
    }

    private void writeXml(StringBuilder xml) {
        xml.append('<').append(name);
        attributes.forEach((key, value) -> xml.append(' ').append(key).append("=\"")
                .append(Markup.escapeXml(value)).append('"'));
        if (text == null && children.isEmpty()) {
            xml.append("/>");
            return;
        }
        xml.append('>');
        if (text != null) {
            xml.append(Markup.escapeXmlText(text));
        }
        for (StatsNode child : children) {
            child.writeXml(xml);
        }
        xml.append("</").append(name).append('>');
    }

    private void writeJsonValue(JsonWriter json) {
        if (children.isEmpty() && attributes.isEmpty()) {
            writeScalar(json, text);
            return;
        }
        json.beginObject();
        attributes.forEach((key, value) -> {
            json.name(key);
            writeScalar(json, value);
        });
        Map<String, List<StatsNode>> groups = new LinkedHashMap<>();
        for (StatsNode child : children) {
            groups.computeIfAbsent(child.name, n -> new ArrayList<>()).add(child);
        }
        groups.forEach((childName, group) -> {
            json.name(childName);
            if (group.size() > 1 || group.get(0).listItem) {
                json.beginArray();
                group.forEach(member -> member.writeJsonValue(json));
                json.endArray();
            } else {
                group.get(0).writeJsonValue(json);
            }
        });
        json.endObject();
    }

    /** Icecast's xml2json typing: empty is null, numbers and true/false (any case) unquoted. */
    private static void writeScalar(JsonWriter json, String value) {
        if (value == null || value.isEmpty()) {
            json.nullValue();
        } else if (value.equalsIgnoreCase("true") || value.equalsIgnoreCase("false")) {
            json.value(value.equalsIgnoreCase("true"));
        } else {
            json.numberOrString(value);
        }
    }
}
