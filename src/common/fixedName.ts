/**
 * Resource options for anything with a fixed Docker name (containers above all). The engine
 * replaces create-first unless told otherwise, and Docker refuses a second container with the
 * same name ("Conflict. The container name ... is already in use"): delete first. HA roles stay
 * available through their rolling chains, which replace one server at a time.
 */
export const FIXED_NAME = { deleteBeforeReplace: true } as const;

/**
 * Resource options for named volumes and networks. Docker cannot change their labels in place,
 * so a label change would replace them under the same name: deleting the data of a volume, or a
 * network that running containers are attached to. Labels are set when they are created.
 */
export const KEPT_IN_PLACE = { ignoreChanges: ["labels"] };
