import type {
  Clock,
  DecisionQueue,
  IdentifierHasher,
  IdentifierIndex,
  ProfileRepository,
  ServiceRepository,
  SweepCheckpointStore,
} from "../ports.js";

/** Everything the use cases may need; each use case declares the subset it uses. */
export interface DomainDeps {
  services: ServiceRepository;
  profiles: ProfileRepository;
  index: IdentifierIndex;
  hasher: IdentifierHasher;
  queue: DecisionQueue;
  clock: Clock;
  checkpoints: SweepCheckpointStore;
}
