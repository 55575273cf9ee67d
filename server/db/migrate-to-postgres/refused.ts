// The copy's refusals: a state in which it will not start (and so has changed nothing), told apart from a
// failure so the command can say which it was.

export class MigrationRefused extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'MigrationRefused';
  }
}
