export * from './page';
export * from './accounts';
export * from './history';
export * from './replay-facts';
