import java.io.File;
import java.io.FileInputStream;
import java.io.InputStream;
import java.net.URI;
import java.security.URIParameter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import javax.security.auth.login.AppConfigurationEntry;
import javax.security.auth.login.Configuration;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;
import org.w3c.dom.Text;

/**
 * Reads rendered configuration files back the way the programs that consume them do, and prints
 * what each one holds as one JSON line per file, in argument order. Run with the JDK's
 * single-file source launcher: {@code java ReadBack.java <format> <file>...}.
 *
 * <ul>
 *   <li>{@code zoo-cfg}: java.util.Properties.load from a byte stream (ISO 8859-1), then every
 *       key and value trimmed with String.trim, as ZooKeeper's QuorumPeerConfig reads zoo.cfg.
 *   <li>{@code hadoop-xml}: a namespace-aware DOM parse with DOCTYPEs refused and comments
 *       dropped; each property's name is its first child's text, trimmed, and its value its
 *       first child's text, untrimmed; a property without either is skipped. This is how Oozie's
 *       XConfiguration (after Hadoop's Configuration) reads oozie-site.xml.
 *   <li>{@code jaas}: the JDK's own JAAS configuration parser (JavaLoginConfig with a file URI),
 *       printing the entries of the {@code Client} section.
 * </ul>
 *
 * A file that cannot be read prints {"error": "..."} instead.
 */
public class ReadBack {
    public static void main(String[] args) throws Exception {
        String format = args[0];
        StringBuilder out = new StringBuilder();
        for (int i = 1; i < args.length; i++) {
            File file = new File(args[i]);
            String line;
            try {
                switch (format) {
                    case "zoo-cfg":
                        line = zooCfg(file);
                        break;
                    case "hadoop-xml":
                        line = hadoopXml(file);
                        break;
                    case "jaas":
                        line = jaas(file);
                        break;
                    default:
                        throw new IllegalArgumentException("unknown format " + format);
                }
            } catch (Exception e) {
                line = "{\"error\":" + json(e.toString()) + "}";
            }
            out.append(line).append('\n');
        }
        System.out.print(out);
    }

    static String zooCfg(File file) throws Exception {
        Properties properties = new Properties();
        try (InputStream in = new FileInputStream(file)) {
            properties.load(in);
        }
        Map<String, String> read = new TreeMap<>();
        for (Map.Entry<Object, Object> entry : properties.entrySet()) {
            read.put(entry.getKey().toString().trim(), entry.getValue().toString().trim());
        }
        return "{\"map\":" + jsonMap(read) + "}";
    }

    static String hadoopXml(File file) throws Exception {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setNamespaceAware(true);
        factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        factory.setXIncludeAware(false);
        factory.setExpandEntityReferences(false);
        factory.setIgnoringComments(true);
        DocumentBuilder builder = factory.newDocumentBuilder();
        builder.setErrorHandler(null);
        Document doc = builder.parse(file);
        Element root = doc.getDocumentElement();
        if (!"configuration".equals(root.getLocalName())) {
            throw new IllegalStateException("top-level element is not <configuration>");
        }
        List<String> pairs = new ArrayList<>();
        NodeList props = root.getChildNodes();
        for (int i = 0; i < props.getLength(); i++) {
            Node node = props.item(i);
            if (!(node instanceof Element)) {
                continue;
            }
            Element prop = (Element) node;
            if (!"property".equals(prop.getLocalName())) {
                throw new IllegalStateException("element not <property>");
            }
            String name = null;
            String value = null;
            NodeList fields = prop.getChildNodes();
            for (int j = 0; j < fields.getLength(); j++) {
                Node fieldNode = fields.item(j);
                if (!(fieldNode instanceof Element)) {
                    continue;
                }
                Element field = (Element) fieldNode;
                if ("name".equals(field.getLocalName()) && field.hasChildNodes()) {
                    name = ((Text) field.getFirstChild()).getData().trim();
                }
                if ("value".equals(field.getLocalName()) && field.hasChildNodes()) {
                    value = ((Text) field.getFirstChild()).getData();
                }
            }
            if (name != null && value != null) {
                pairs.add("[" + json(name) + "," + json(value) + "]");
            }
        }
        return "{\"pairs\":[" + String.join(",", pairs) + "]}";
    }

    static String jaas(File file) throws Exception {
        URI uri = file.toURI();
        Configuration config = Configuration.getInstance("JavaLoginConfig", new URIParameter(uri));
        AppConfigurationEntry[] entries = config.getAppConfigurationEntry("Client");
        if (entries == null) {
            throw new IllegalStateException("no Client section");
        }
        List<String> items = new ArrayList<>();
        for (AppConfigurationEntry entry : entries) {
            Map<String, String> options = new TreeMap<>();
            for (Map.Entry<String, ?> option : entry.getOptions().entrySet()) {
                options.put(option.getKey(), String.valueOf(option.getValue()));
            }
            items.add(
                    "{\"module\":"
                            + json(entry.getLoginModuleName())
                            + ",\"flag\":"
                            + json(entry.getControlFlag().toString())
                            + ",\"options\":"
                            + jsonMap(options)
                            + "}");
        }
        return "{\"entries\":[" + String.join(",", items) + "]}";
    }

    static String jsonMap(Map<String, String> map) {
        List<String> members = new ArrayList<>();
        for (Map.Entry<String, String> entry : map.entrySet()) {
            members.add(json(entry.getKey()) + ":" + json(entry.getValue()));
        }
        return "{" + String.join(",", members) + "}";
    }

    /** A JSON string in printable ASCII: every other UTF-16 unit as a \\u escape. */
    static String json(String text) {
        StringBuilder b = new StringBuilder("\"");
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '"' || c == '\\') {
                b.append('\\').append(c);
            } else if (c < 0x20 || c > 0x7e) {
                b.append(String.format("\\u%04x", (int) c));
            } else {
                b.append(c);
            }
        }
        return b.append('"').toString();
    }
}
