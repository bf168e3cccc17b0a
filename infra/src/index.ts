export * from './demo-keys';
export * from './embedded-postgres';
export * from './free-port';
export * from './service-process';
export * from './stack';
export * from './usable-port';
export * from './haproxy';
