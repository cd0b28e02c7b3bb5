import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import javax.xml.parsers.DocumentBuilderFactory;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.CuratorFrameworkFactory;
import org.apache.curator.retry.ExponentialBackoffRetry;
import org.apache.curator.x.discovery.ServiceDiscovery;
import org.apache.curator.x.discovery.ServiceDiscoveryBuilder;
import org.apache.curator.x.discovery.ServiceInstance;
import org.apache.curator.x.discovery.details.JsonInstanceSerializer;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * Stands in for the Oozie server in integration tests. It does what Oozie's ZKUtils does when
 * the ZooKeeper services are on: read oozie-site.xml, open a Curator client with the namespace
 * `oozie.zookeeper.namespace`, and advertise this server through Curator service discovery under
 * `/services/servers/<oozie.instance.id>` with the payload {OOZIE_ID, OOZIE_URL}. Curator's
 * discovery classes come from curator-x-discovery, which must be on the class path (the lib dir):
 * without it the JVM fails with NoClassDefFoundError, as Oozie does.
 *
 * It also answers the REST calls the component and the tests use: `GET /oozie/v1/admin/status`,
 * `GET /oozie/v1/jobs` (no jobs) and `GET /oozie/v2/admin/available-oozie-servers` (read back
 * from ZooKeeper).
 */
public final class OozieZkHarness {
  private static final String[] ZK_SERVICES = {
    "org.apache.oozie.service.ZKLocksService",
    "org.apache.oozie.service.ZKXLogStreamingService",
    "org.apache.oozie.service.ZKJobsConcurrencyService",
    "org.apache.oozie.service.ZKUUIDService",
  };

  private OozieZkHarness() {}

  public static void main(String[] args) throws Exception {
    if (args.length != 1) {
      System.err.println("usage: OozieZkHarness <oozie-site.xml>");
      System.exit(2);
    }
    Map<String, String> site = readSite(new File(args[0]));
    String services = site.getOrDefault("oozie.services.ext", "");
    for (String service : ZK_SERVICES) {
      if (!services.contains(service)) {
        System.err.println("oozie.services.ext lacks " + service + ": ZooKeeper HA is off");
        System.exit(3);
      }
    }
    String connect = require(site, "oozie.zookeeper.connection.string");
    String namespace = site.getOrDefault("oozie.zookeeper.namespace", "oozie");
    String instanceId = require(site, "oozie.instance.id");
    String hostname = require(site, "oozie.http.hostname");
    int port = Integer.parseInt(site.getOrDefault("oozie.http.port", "11000"));
    String url = "http://" + hostname + ":" + port + "/oozie";

    CuratorFramework client =
        CuratorFrameworkFactory.builder()
            .namespace(namespace)
            .connectString(connect)
            .retryPolicy(new ExponentialBackoffRetry(1000, 3))
            .build();
    client.start();
    if (!client.blockUntilConnected(120, TimeUnit.SECONDS)) {
      System.err.println("no ZooKeeper connection to " + connect + " within 120 s");
      System.exit(4);
    }
    @SuppressWarnings({"rawtypes", "unchecked"})
    ServiceDiscovery<Map> discovery =
        ServiceDiscoveryBuilder.builder(Map.class)
            .basePath("/services")
            .client(client)
            .serializer(new JsonInstanceSerializer<Map>(Map.class))
            .build();
    discovery.start();
    Map<String, String> payload = new HashMap<>();
    payload.put("OOZIE_ID", instanceId);
    payload.put("OOZIE_URL", url);
    @SuppressWarnings("rawtypes")
    ServiceInstance<Map> instance =
        ServiceInstance.<Map>builder().name("servers").id(instanceId).payload(payload).build();
    discovery.registerService(instance);
    System.out.println(
        "registered " + instanceId + " (" + url + ") under /" + namespace + "/services/servers");

    HttpServer http = HttpServer.create(new InetSocketAddress(port), 16);
    http.createContext(
        "/oozie/v1/admin/status", exchange -> send(exchange, "{\"systemMode\":\"NORMAL\"}"));
    http.createContext(
        "/oozie/v1/jobs",
        exchange -> {
          String query = exchange.getRequestURI().getRawQuery();
          String list = "workflows";
          if (query != null && query.contains("jobtype=coordinator")) {
            list = "coordinatorjobs";
          } else if (query != null && query.contains("jobtype=bundle")) {
            list = "bundlejobs";
          }
          send(exchange, "{\"total\":0,\"offset\":1,\"len\":1000,\"" + list + "\":[]}");
        });
    http.createContext(
        "/oozie/v2/admin/available-oozie-servers",
        exchange -> {
          try {
            @SuppressWarnings("rawtypes")
            Collection<ServiceInstance<Map>> all = discovery.queryForInstances("servers");
            StringBuilder body = new StringBuilder("{");
            String sep = "";
            for (@SuppressWarnings("rawtypes") ServiceInstance<Map> each : all) {
              Object otherUrl = each.getPayload().get("OOZIE_URL");
              body.append(sep).append('"').append(each.getId()).append("\":\"").append(otherUrl).append('"');
              sep = ",";
            }
            send(exchange, body.append('}').toString());
          } catch (Exception e) {
            exchange.sendResponseHeaders(500, -1);
            exchange.close();
          }
        });
    http.start();

    CountDownLatch stop = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  http.stop(0);
                  try {
                    discovery.close();
                  } catch (IOException e) {
                    // exiting anyway
                  }
                  client.close();
                  stop.countDown();
                }));
    stop.await();
  }

  private static String require(Map<String, String> site, String key) {
    String value = site.get(key);
    if (value == null || value.isEmpty()) {
      System.err.println("oozie-site.xml has no " + key);
      System.exit(3);
    }
    return value;
  }

  private static Map<String, String> readSite(File file) throws Exception {
    DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
    factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
    Document doc = factory.newDocumentBuilder().parse(file);
    Map<String, String> site = new LinkedHashMap<>();
    NodeList properties = doc.getElementsByTagName("property");
    for (int i = 0; i < properties.getLength(); i++) {
      Element property = (Element) properties.item(i);
      String name = property.getElementsByTagName("name").item(0).getTextContent().trim();
      String value = property.getElementsByTagName("value").item(0).getTextContent().trim();
      site.put(name, value);
    }
    return site;
  }

  private static void send(HttpExchange exchange, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", "application/json");
    exchange.sendResponseHeaders(200, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }
}
