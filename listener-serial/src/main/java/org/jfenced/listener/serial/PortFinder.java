package org.jfenced.listener.serial;

import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;
import org.xml.sax.InputSource;
import org.xml.sax.SAXException;

/**
 * The fence ports in a domain's XML: for the mode's device element ({@code serial} or
 * {@code channel}) of {@code type='unix'}, the {@code <source mode='bind' path=…>} — and only those
 * inside {@code directory} when one is configured, as fence_virtd's {@code path} filter does, so that
 * sockets that belong to others (the guest agent's channel) are left alone.
 */
final class PortFinder {

    private final PortMode mode;
    private final Optional<Path> directory;

    PortFinder(PortMode mode, Optional<Path> directory) {
        this.mode = mode;
        this.directory = directory.map(Path::normalize);
    }

    /** The port paths in {@code domainXml}, in document order. */
    List<Path> find(String domainXml) {
        List<Path> ports = new ArrayList<>();
        NodeList devices = parse(domainXml).getElementsByTagName("devices");
        for (int d = 0; d < devices.getLength(); d++) {
            for (Node n = devices.item(d).getFirstChild(); n != null; n = n.getNextSibling()) {
                if (n instanceof Element e && e.getTagName().equals(mode.element) && "unix".equals(e.getAttribute("type"))) {
                    boundSource(e).filter(this::inDirectory).ifPresent(ports::add);
                }
            }
        }
        return ports;
    }

    private static Optional<Path> boundSource(Element device) {
        for (Node n = device.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element s && s.getTagName().equals("source") && "bind".equals(s.getAttribute("mode"))
                    && !s.getAttribute("path").isEmpty()) {
                return Optional.of(Path.of(s.getAttribute("path")));
            }
        }
        return Optional.empty();
    }

    private boolean inDirectory(Path port) {
        return directory.map(dir -> port.normalize().startsWith(dir)).orElse(true);
    }

    private static Element parse(String xml) {
        try {
            DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
            f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            DocumentBuilder b = f.newDocumentBuilder();
            return b.parse(new InputSource(new StringReader(xml))).getDocumentElement();
        } catch (ParserConfigurationException | SAXException | IOException e) {
            throw new IllegalArgumentException("not a domain's XML: " + e.getMessage(), e);
        }
    }
}
