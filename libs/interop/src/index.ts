export * from './xml';
export * from './alerts';
