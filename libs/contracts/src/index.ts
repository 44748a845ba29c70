export * from './types';
export * from './typing';
export * from './define';
export * from './derive';
export * from './rules';
export * from './registry';
export { products } from './datasets/products';
export { orders } from './datasets/orders';
export { orderItems } from './datasets/order-items';
