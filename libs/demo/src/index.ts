export * from './demo-accounts';
export * from './demo-seed.service';
export * from './demo.module';
export * from './prng';
