import { IdempotencyItemAlreadyExistsError, IdempotencyItemNotFoundError } from '@aws-lambda-powertools/idempotency';
import { BasePersistenceLayer, IdempotencyRecord } from '@aws-lambda-powertools/idempotency/persistence';

/**
 * Powertools Idempotency's persistence in memory, with the DynamoDB layer's put condition (the key is new, or its
 * record expired, or it is INPROGRESS past its in-progress expiry) evaluated against the model's clock, so a
 * redelivery after a crash finds the dead invocation's INPROGRESS record expired exactly when Lambda's would be.
 * `guard` runs before every call: the model makes it throw once an invocation has crashed, so a dead process
 * cannot delete its INPROGRESS record.
 */
export class MemoryPersistenceLayer extends BasePersistenceLayer {
  readonly records = new Map<string, IdempotencyRecord>();

  constructor(
    private readonly now: () => number,
    private readonly guard: () => void = () => {},
  ) {
    super();
  }

  protected async _getRecord(idempotencyKey: string): Promise<IdempotencyRecord> {
    this.guard();
    const record = this.records.get(idempotencyKey);
    if (!record) throw new IdempotencyItemNotFoundError();
    return record;
  }

  protected async _putRecord(record: IdempotencyRecord): Promise<void> {
    this.guard();
    const old = this.records.get(record.idempotencyKey);
    const now = this.now();
    const free =
      !old ||
      (old.expiryTimestamp !== undefined && old.expiryTimestamp < now / 1000) ||
      (old.getStatus() === 'INPROGRESS' &&
        old.inProgressExpiryTimestamp !== undefined &&
        old.inProgressExpiryTimestamp < now);
    if (!free) {
      throw new IdempotencyItemAlreadyExistsError(
        `Failed to put record for already existing idempotency key: ${record.idempotencyKey}`,
        old,
      );
    }
    this.records.set(record.idempotencyKey, record);
  }

  protected async _updateRecord(record: IdempotencyRecord): Promise<void> {
    this.guard();
    this.records.set(record.idempotencyKey, record);
  }

  protected async _deleteRecord(record: IdempotencyRecord): Promise<void> {
    this.guard();
    this.records.delete(record.idempotencyKey);
  }
}

export { IdempotencyRecord };
