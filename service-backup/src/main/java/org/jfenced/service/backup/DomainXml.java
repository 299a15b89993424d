package org.jfenced.service.backup;

import java.io.ByteArrayInputStream;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.transform.OutputKeys;
import javax.xml.transform.Transformer;
import javax.xml.transform.TransformerFactory;
import javax.xml.transform.dom.DOMSource;
import javax.xml.transform.stream.StreamResult;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

/** The parts of a libvirt domain XML a backup reads, and the changes a restore makes to it. */
final class DomainXml {

    /** A disk the backup copies. */
    record Disk(String target, String source, String format) {
    }

    private final Document doc;

    private DomainXml(Document doc) {
        this.doc = doc;
    }

    static DomainXml parse(String xml) throws BackupFailed {
        try {
            DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
            f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            f.setNamespaceAware(true);
            DocumentBuilder b = f.newDocumentBuilder();
            return new DomainXml(b.parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8))));
        } catch (Exception e) {
            throw new BackupFailed("unreadable domain XML: " + e.getMessage(), e);
        }
    }

    /**
     * The disks to copy. CD-ROMs and floppies are left out, as vzdump leaves out CD images: they are
     * media, not the VM's data. Anything that is not a plain file is refused, naming the disk: a block
     * device, a network volume or a disk with a backing chain cannot be copied as one file.
     */
    List<Disk> disks() throws BackupFailed {
        List<Disk> disks = new ArrayList<>();
        for (Element disk : children(devices(), "disk")) {
            String device = disk.getAttribute("device");
            String target = attribute(disk, "target", "dev");
            if (device.equals("cdrom") || device.equals("floppy")) {
                continue;
            }
            String type = disk.getAttribute("type");
            if (!type.equals("file")) {
                throw new BackupFailed("disk " + target + " has type '" + type + "': only file-backed disks"
                        + " (<disk type='file'>) can be backed up");
            }
            String source = attribute(disk, "source", "file");
            if (source.isEmpty()) {
                throw new BackupFailed("disk " + target + " has no source file");
            }
            for (Element backing : children(disk, "backingStore")) {
                if (!children(backing, "source").isEmpty()) {
                    throw new BackupFailed("disk " + target + " (" + source + ") has a backing chain: only"
                            + " self-contained images can be backed up");
                }
            }
            if (target.isEmpty() || !target.matches("[A-Za-z0-9_.-]+")) {
                throw new BackupFailed("disk " + source + " has no usable target device name");
            }
            String format = attribute(disk, "driver", "type");
            disks.add(new Disk(target, source, format.isEmpty() ? "raw" : format));
        }
        return disks;
    }

    String name() {
        Element name = first(doc.getDocumentElement(), "name");
        return name == null ? "" : name.getTextContent().trim();
    }

    /**
     * Makes this the XML of a new VM: a new name, no UUID and no MAC addresses (libvirt makes new
     * ones, so the copy does not clash with the original on the network), disks at new paths.
     */
    void renameTo(String newName, Map<String, Path> diskPaths) {
        Element root = doc.getDocumentElement();
        first(root, "name").setTextContent(newName);
        Element uuid = first(root, "uuid");
        if (uuid != null) {
            root.removeChild(uuid);
        }
        for (Element iface : children(devices(), "interface")) {
            for (Element mac : children(iface, "mac")) {
                iface.removeChild(mac);
            }
        }
        moveDisks(diskPaths);
    }

    /** Points each disk (by target device) at its restored file. */
    void moveDisks(Map<String, Path> diskPaths) {
        for (Element disk : children(devices(), "disk")) {
            Path p = diskPaths.get(attribute(disk, "target", "dev"));
            Element source = first(disk, "source");
            if (p != null && source != null) {
                source.setAttribute("file", p.toString());
            }
        }
    }

    String text() {
        try {
            Transformer t = TransformerFactory.newInstance().newTransformer();
            t.setOutputProperty(OutputKeys.OMIT_XML_DECLARATION, "yes");
            StringWriter w = new StringWriter();
            t.transform(new DOMSource(doc), new StreamResult(w));
            return w.toString();
        } catch (Exception e) {
            throw new IllegalStateException("cannot write domain XML", e);
        }
    }

    private Element devices() {
        Element d = first(doc.getDocumentElement(), "devices");
        return d == null ? doc.createElement("devices") : d;
    }

    private static String attribute(Element parent, String child, String attribute) {
        Element e = first(parent, child);
        return e == null ? "" : e.getAttribute(attribute);
    }

    private static Element first(Element parent, String name) {
        List<Element> c = children(parent, name);
        return c.isEmpty() ? null : c.get(0);
    }

    private static List<Element> children(Element parent, String name) {
        List<Element> out = new ArrayList<>();
        NodeList nodes = parent.getChildNodes();
        for (int i = 0; i < nodes.getLength(); i++) {
            Node n = nodes.item(i);
            if (n instanceof Element e && e.getLocalName().equals(name)) {
                out.add(e);
            }
        }
        return out;
    }
}
