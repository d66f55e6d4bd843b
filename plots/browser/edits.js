// Clicks and drags on a chart where every one counts (the data chart's points): each is queued with a number, and
// the whole queue goes to the server until the server says it has applied them, so a click made while the page
// reruns for the one before is not lost when the two reach the server together.

const MOST_PENDING = 50;

export class EditQueue {
  constructor() {
    this.token = Math.random().toString(36).slice(2, 12);
    this.next = 1;
    this.pending = [];
  }

  // Queue a click (`{x, y}`) or a drag (`{from, to}`); returns what to send: this chart's token and every edit
  // the server has not applied yet, at most the last MOST_PENDING.
  add(edit) {
    this.pending.push({ ...edit, id: this.next++ });
    this.pending = this.pending.slice(-MOST_PENDING);
    return this.sent();
  }

  // The server has applied this chart's edits up to number `last`: they leave the queue.
  applied(token, last) {
    if (token === this.token) this.pending = this.pending.filter((edit) => edit.id > last);
  }

  sent() {
    return { token: this.token, edits: this.pending };
  }
}
