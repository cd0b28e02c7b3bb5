import { spawn, type ChildProcess } from "node:child_process";
import * as grpc from "@grpc/grpc-js";
import * as provrpc from "@pulumi/pulumi/proto/provider_grpc_pb";
import * as provproto from "@pulumi/pulumi/proto/provider_pb";
import { Struct } from "google-protobuf/google/protobuf/struct_pb";

type Props = Record<string, unknown>;

/**
 * The SDK's own dynamic-provider host, started as the engine starts it, and a gRPC client
 * speaking to it. Providers reach it only in serialized form, through the `__provider` input,
 * so this exercises closure serialization and the host's request handling end to end.
 */
export class DynamicProviderHost {
  private constructor(
    private readonly child: ChildProcess,
    private readonly client: provrpc.ResourceProviderClient,
    readonly stderr: string[],
  ) {}

  static async start(): Promise<DynamicProviderHost> {
    const entry = require.resolve("@pulumi/pulumi/cmd/dynamic-provider/index.js");
    // The host wants an engine address; it only checks that one is given.
    const child = spawn(process.execPath, [entry, "127.0.0.1:1"], {
      cwd: process.cwd(),
      stdio: ["ignore", "pipe", "pipe"],
    });
    const stderr: string[] = [];
    child.stderr.on("data", (chunk: Buffer) => stderr.push(chunk.toString("utf8")));
    const port = await new Promise<number>((resolve, reject) => {
      const timer = setTimeout(() => {
        reject(new Error(`provider host printed no port: ${stderr.join("")}`));
      }, 30_000);
      child.stdout.once("data", (chunk: Buffer) => {
        clearTimeout(timer);
        resolve(Number(chunk.toString("utf8").trim()));
      });
      child.once("exit", (code) => {
        clearTimeout(timer);
        reject(new Error(`provider host exited with ${String(code)}: ${stderr.join("")}`));
      });
    });
    const client = new provrpc.ResourceProviderClient(
      `127.0.0.1:${port}`,
      grpc.credentials.createInsecure(),
    );
    const host = new DynamicProviderHost(child, client, stderr);
    const configure = new provproto.ConfigureRequest();
    configure.setArgs(Struct.fromJavaScript({}));
    await host.call<provproto.ConfigureResponse>((done) => client.configure(configure, done));
    return host;
  }

  async check(
    urn: string,
    olds: Props,
    news: Props,
  ): Promise<{ inputs: Props; failures: { property: string; reason: string }[] }> {
    const request = new provproto.CheckRequest();
    request.setUrn(urn);
    request.setOlds(Struct.fromJavaScript(olds as never));
    request.setNews(Struct.fromJavaScript(news as never));
    const response = await this.call<provproto.CheckResponse>((done) =>
      this.client.check(request, done),
    );
    return {
      inputs: response.getInputs()?.toJavaScript() ?? {},
      failures: response
        .getFailuresList()
        .map((f) => ({ property: f.getProperty(), reason: f.getReason() })),
    };
  }

  async diff(
    urn: string,
    id: string,
    olds: Props,
    news: Props,
  ): Promise<{ changes: string; replaces: string[] }> {
    const request = new provproto.DiffRequest();
    request.setUrn(urn);
    request.setId(id);
    request.setOlds(Struct.fromJavaScript(olds as never));
    request.setNews(Struct.fromJavaScript(news as never));
    const response = await this.call<provproto.DiffResponse>((done) =>
      this.client.diff(request, done),
    );
    const names: Record<number, string> = { 0: "unknown", 1: "none", 2: "some" };
    return { changes: names[response.getChanges()] ?? "?", replaces: response.getReplacesList() };
  }

  async create(urn: string, properties: Props): Promise<{ id: string; outs: Props }> {
    const request = new provproto.CreateRequest();
    request.setUrn(urn);
    request.setProperties(Struct.fromJavaScript(properties as never));
    const response = await this.call<provproto.CreateResponse>((done) =>
      this.client.create(request, done),
    );
    return { id: response.getId(), outs: response.getProperties()?.toJavaScript() ?? {} };
  }

  async update(urn: string, id: string, olds: Props, news: Props): Promise<{ outs: Props }> {
    const request = new provproto.UpdateRequest();
    request.setUrn(urn);
    request.setId(id);
    request.setOlds(Struct.fromJavaScript(olds as never));
    request.setNews(Struct.fromJavaScript(news as never));
    const response = await this.call<provproto.UpdateResponse>((done) =>
      this.client.update(request, done),
    );
    return { outs: response.getProperties()?.toJavaScript() ?? {} };
  }

  async delete(urn: string, id: string, properties: Props): Promise<void> {
    const request = new provproto.DeleteRequest();
    request.setUrn(urn);
    request.setId(id);
    request.setProperties(Struct.fromJavaScript(properties as never));
    await this.call<unknown>((done) => this.client.delete(request, done));
  }

  stop(): void {
    this.client.close();
    this.child.kill();
  }

  private call<Res>(
    invoke: (done: (error: grpc.ServiceError | null, response: Res) => void) => unknown,
  ): Promise<Res> {
    return new Promise((resolve, reject) => {
      invoke((error, response) => {
        if (error) {
          reject(new Error(error.details || error.message));
        } else {
          resolve(response);
        }
      });
    });
  }
}
