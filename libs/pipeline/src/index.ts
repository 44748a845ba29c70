export * from './errors';
export * from './home';
export * from './home-lock';
export * from './discover';
export * from './local-state';
export * from './local-run';
export * from './quality-report';
export * from './steps';
