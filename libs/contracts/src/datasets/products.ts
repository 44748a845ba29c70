import { defineContract } from '../define';

export const products = defineContract({
  name: 'products',
  description: 'The product catalogue: one row per product, grouped by department.',
  columns: [
    { name: 'product_id', type: 'int', required: true },
    { name: 'department_id', type: 'int', required: true },
    { name: 'department', type: 'string', required: true },
    { name: 'product_name', type: 'string', required: true },
  ],
  primaryKey: 'product_id',
  partitionBy: ['department_id'],
});
