import { PolicyPack } from "@pulumi/policy";
import { policies } from "./policies";

// Served to the engine by `pulumi preview --policy-pack policy`.
new PolicyPack("pulumi-zk-ha", { policies });
