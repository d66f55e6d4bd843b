// The large parts of a chart's figures (a map's backdrop, a learning-rate sweep), kept by id: the server sends
// each once and later names it by id alone. The cache keeps exactly what the server says the browser holds
// (`kept`, with each payload), so it forgets what the server forgot and never grows without end.

export class Parts {
  constructor() {
    this.byId = new Map();
  }

  // The parts a payload names, by name, kept or newly arrived; the ids the server no longer counts on are
  // dropped. `missing(id)` is told of a part the payload names by id that is not here (the server resends it),
  // and then the result is null.
  resolve(payload, missing) {
    const found = {};
    for (const [name, { id, content }] of Object.entries(payload.parts ?? {})) {
      if (content !== undefined) this.byId.set(id, content);
      if (!this.byId.has(id)) {
        missing(id);
        return null;
      }
      found[name] = this.byId.get(id);
    }
    if (Array.isArray(payload.kept)) {
      const kept = new Set(payload.kept);
      for (const id of this.byId.keys()) if (!kept.has(id)) this.byId.delete(id);
    }
    return found;
  }

  get size() {
    return this.byId.size;
  }
}
