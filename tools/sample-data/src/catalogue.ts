/**
 * The shape of the Instacart market-basket data: its 21 departments (with their real ids), word
 * lists to compose believable product names, price bands, and the hour-of-day and day-of-week
 * profile of orders. The numbers are rounded from the published dataset's marginals; they only
 * need to look right, not to be exact.
 */
import { hash32, type Random } from './random';

export interface Department {
  readonly id: number;
  readonly name: string;
  /** Share of the catalogue's products in this department (relative weight). */
  readonly catalogueWeight: number;
  /** Share of basket lines picked from this department (relative weight). */
  readonly basketWeight: number;
  /** Shelf price band in cents. */
  readonly priceCents: readonly [number, number];
  /** Words put before the item: brands, varieties, claims. */
  readonly qualifiers: readonly string[];
  readonly items: readonly string[];
  /** Pack sizes, appended after a comma (so some names need CSV quoting). */
  readonly sizes: readonly string[];
}

/** A word list written as `a|b|c` (compact, and no comma to confuse with CSV). */
const words = (list: string): readonly string[] => (list === '' ? [] : list.split('|'));

/** The departments in id order. Ids and names are Instacart's. */
export const DEPARTMENTS: readonly Department[] = [
  {
    id: 1,
    name: 'frozen',
    catalogueWeight: 4007,
    basketWeight: 69,
    priceCents: [199, 1299],
    qualifiers: words('Organic|Gluten Free|Family Size|Classic|Thin Crust|Lean|Homestyle|Mini'),
    items: words(
      'Blueberries|Peas|Waffles|Cheese Pizza|12" Pepperoni Pizza|Chicken Nuggets|Vanilla Ice Cream|Burritos|Mixed Vegetables|Fish Sticks|Mango Chunks|Veggie Burgers',
    ),
    sizes: words('10 oz|16 oz|2 lb|Pint'),
  },
  {
    id: 2,
    name: 'other',
    catalogueWeight: 548,
    basketWeight: 1,
    priceCents: [99, 1999],
    qualifiers: words('Assorted|Seasonal|Gift|Reusable|Travel'),
    items: words('Greeting Card|Gift Bag|Party Candles|Batteries|Tote Bag|Phone Charger|Umbrella'),
    sizes: words(''),
  },
  {
    id: 3,
    name: 'bakery',
    catalogueWeight: 1516,
    basketWeight: 36,
    priceCents: [199, 699],
    qualifiers: words(
      'Whole Wheat|Sourdough|Multigrain|Gluten Free|Brioche|Everything|Cinnamon Raisin|Artisan',
    ),
    items: words(
      'Bread|Bagels|English Muffins|Croissants|Tortillas|Hamburger Buns|Pita|Dinner Rolls|Baguette|Muffins',
    ),
    sizes: words('6 ct|8 ct|20 oz|24 oz'),
  },
  {
    id: 4,
    name: 'produce',
    catalogueWeight: 1684,
    basketWeight: 290,
    priceCents: [49, 699],
    qualifiers: words('Organic|Fresh|Baby|Red|Green|Honeycrisp|Hass|Seedless|Sweet|Yellow'),
    items: words(
      'Bananas|Strawberries|Avocado|Spinach|Lemons|Limes|Apples|Cucumber|Kale|Grape Tomatoes|Zucchini|Blueberries|Onions|Garlic|Carrots|Broccoli Crown|Cilantro|Bell Pepper',
    ),
    sizes: words('1 lb|2 lb|Bunch|Bag'),
  },
  {
    id: 5,
    name: 'alcohol',
    catalogueWeight: 1054,
    basketWeight: 5,
    priceCents: [699, 4999],
    qualifiers: words('Reserve|Craft|Light|Dry|Imported|Small Batch|Vintage'),
    items: words(
      'Cabernet Sauvignon|Pinot Grigio|IPA|Lager|Hard Seltzer|Rosé|Bourbon|Vodka|Sparkling Wine|Stout',
    ),
    sizes: words('6 pk|12 pk|750 ml|1.75 L'),
  },
  {
    id: 6,
    name: 'international',
    catalogueWeight: 1139,
    basketWeight: 8,
    priceCents: [99, 799],
    qualifiers: words('Thai|Indian|Mexican|Japanese|Korean|Italian|Mediterranean'),
    items: words(
      'Curry Paste|Coconut Milk|Salsa Verde|Soy Sauce|Kimchi|Rice Noodles|Tikka Masala Sauce|Harissa|Miso Paste|Refried Beans',
    ),
    sizes: words('8 oz|13.5 fl oz|16 oz'),
  },
  {
    id: 7,
    name: 'beverages',
    catalogueWeight: 4365,
    basketWeight: 83,
    priceCents: [99, 1999],
    qualifiers: words('Sparkling|Organic|Cold Brew|Unsweetened|Diet|Lemon|Zero Sugar|Coconut'),
    items: words(
      'Water|Orange Juice|Cola|Iced Tea|Coffee|Kombucha|Energy Drink|Lemonade|Almond Milk|Green Tea',
    ),
    sizes: words('12 fl oz|1 L|64 oz|12 pk'),
  },
  {
    id: 8,
    name: 'pets',
    catalogueWeight: 972,
    basketWeight: 3,
    priceCents: [149, 3999],
    qualifiers: words('Grain Free|Chicken|Salmon|Senior|Puppy|Indoor|Natural'),
    items: words('Dry Dog Food|Cat Food|Dog Treats|Cat Litter|Chew Toys|Wet Cat Food|Dental Sticks'),
    sizes: words('3 oz|5 lb|15 lb'),
  },
  {
    id: 9,
    name: 'dry goods pasta',
    catalogueWeight: 1858,
    basketWeight: 27,
    priceCents: [99, 599],
    qualifiers: words('Organic|Whole Wheat|Gluten Free|Jasmine|Basmati|Red Lentil|Bronze Cut'),
    items: words(
      'Spaghetti|Penne|Macaroni|Rice|Quinoa|Couscous|Lasagna Noodles|Marinara Sauce|Mac & Cheese|Ramen',
    ),
    sizes: words('12 oz|16 oz|2 lb'),
  },
  {
    id: 10,
    name: 'bulk',
    catalogueWeight: 38,
    basketWeight: 1,
    priceCents: [199, 1499],
    qualifiers: words('Organic|Raw|Roasted|Unsalted|Bulk'),
    items: words('Almonds|Rolled Oats|Dried Mango|Trail Mix|Cashews|Granola|Chia Seeds'),
    sizes: words(''),
  },
  {
    id: 11,
    name: 'personal care',
    catalogueWeight: 6563,
    basketWeight: 14,
    priceCents: [199, 1999],
    qualifiers: words('Unscented|Sensitive|Mint|Lavender|Coconut|Extra Strength|Travel Size'),
    items: words(
      'Toothpaste|Shampoo|Conditioner|Body Wash|Deodorant|Lip Balm|Hand Soap|Sunscreen|Pain Reliever|Floss',
    ),
    sizes: words('4 oz|12 fl oz|2 ct'),
  },
  {
    id: 12,
    name: 'meat seafood',
    catalogueWeight: 907,
    basketWeight: 22,
    priceCents: [399, 2499],
    qualifiers: words('Organic|Grass Fed|Boneless|Wild Caught|Free Range|Smoked|Thick Cut'),
    items: words(
      'Chicken Breast|Ground Beef|Salmon Fillet|Bacon|Pork Chops|Shrimp|Chicken Thighs|Turkey Breast|Italian Sausage',
    ),
    sizes: words('1 lb|2 lb|12 oz'),
  },
  {
    id: 13,
    name: 'pantry',
    catalogueWeight: 5371,
    basketWeight: 58,
    priceCents: [99, 999],
    qualifiers: words('Organic|Extra Virgin|Pure|Creamy|Crunchy|Raw|Low Sodium|Unbleached'),
    items: words(
      'Olive Oil|Peanut Butter|Honey|All Purpose Flour|Sea Salt|Maple Syrup|Black Pepper|Apple Cider Vinegar|Brown Sugar|Vanilla Extract',
    ),
    sizes: words('8 oz|16 oz|5 lb'),
  },
  {
    id: 14,
    name: 'breakfast',
    catalogueWeight: 1115,
    basketWeight: 22,
    priceCents: [199, 799],
    qualifiers: words('Honey Nut|Organic|Maple|Cinnamon|Whole Grain|Protein|Original'),
    items: words('Granola|Oatmeal|Corn Flakes|Pancake Mix|Breakfast Bars|Instant Oats|Toaster Pastries'),
    sizes: words('10 oz|18 oz|8 ct'),
  },
  {
    id: 15,
    name: 'canned goods',
    catalogueWeight: 2092,
    basketWeight: 33,
    priceCents: [79, 499],
    qualifiers: words('Organic|Low Sodium|No Salt Added|Fire Roasted|Chunk Light|Diced'),
    items: words(
      'Black Beans|Chickpeas|Tomatoes|Tuna|Chicken Noodle Soup|Corn|Coconut Cream|Tomato Paste|Kidney Beans',
    ),
    sizes: words('15 oz|28 oz|5 oz'),
  },
  {
    id: 16,
    name: 'dairy eggs',
    catalogueWeight: 3449,
    basketWeight: 167,
    priceCents: [99, 799],
    qualifiers: words('Organic|Whole|2% Reduced Fat|Greek|Large|Unsalted|Shredded|Sharp|Plain|Vanilla'),
    items: words(
      'Milk|Yogurt|Eggs|Butter|Cheddar Cheese|Half & Half|Cream Cheese|Sour Cream|Mozzarella|String Cheese|Cottage Cheese',
    ),
    sizes: words('1 gal|32 oz|12 ct|8 oz'),
  },
  {
    id: 17,
    name: 'household',
    catalogueWeight: 3085,
    basketWeight: 23,
    priceCents: [199, 2499],
    qualifiers: words('Free & Clear|Lemon|Ultra|Recycled|Lavender|Original|Heavy Duty'),
    items: words(
      'Paper Towels|Dish Soap|Laundry Detergent|Trash Bags|Toilet Paper|Sponges|All Purpose Cleaner|Aluminum Foil',
    ),
    sizes: words('6 rolls|25 ct|50 fl oz'),
  },
  {
    id: 18,
    name: 'babies',
    catalogueWeight: 1081,
    basketWeight: 13,
    priceCents: [199, 3999],
    qualifiers: words('Organic|Sensitive|Stage 1|Stage 2|Unscented|Newborn'),
    items: words('Baby Food Pouch|Diapers|Baby Wipes|Infant Formula|Teething Wafers|Baby Oatmeal'),
    sizes: words('4 oz|32 ct|72 ct'),
  },
  {
    id: 19,
    name: 'snacks',
    catalogueWeight: 6264,
    basketWeight: 89,
    priceCents: [149, 699],
    qualifiers: words('Sea Salt|Kettle Cooked|Organic|Dark Chocolate|Original|Honey Roasted|Cheddar|Veggie'),
    items: words(
      'Potato Chips|Tortilla Chips|Pretzels|Popcorn|Granola Bars|Crackers|Almonds|Trail Mix|Cookies|Fruit Snacks|Rice Cakes',
    ),
    sizes: words('5 oz|7.5 oz|12 ct'),
  },
  {
    id: 20,
    name: 'deli',
    catalogueWeight: 1322,
    basketWeight: 32,
    priceCents: [249, 1299],
    qualifiers: words('Oven Roasted|Smoked|Classic|Spicy|Roasted Garlic|Honey'),
    items: words('Hummus|Turkey Breast|Salami|Guacamole|Chicken Salad|Black Forest Ham|Coleslaw|Pesto'),
    sizes: words('7 oz|8 oz|1 lb'),
  },
  {
    id: 21,
    name: 'missing',
    catalogueWeight: 1258,
    basketWeight: 2,
    priceCents: [99, 999],
    qualifiers: words('Assorted|Unlabeled|Misc|Mixed'),
    items: words('Item|Product|Variety Pack|Bundle'),
    sizes: words(''),
  },
];

/**
 * Hour-of-day profile of orders (UTC hours 0–23, relative weights): quiet at night, rising from 7,
 * a broad plateau from 10 to 16, tapering in the evening.
 */
export const HOUR_WEIGHTS: readonly number[] = [
  7, 4, 2, 1.5, 1.5, 3, 9, 28, 54, 76, 84, 83, 80, 80, 83, 83, 78, 64, 50, 39, 30, 24, 19, 12,
];

/** Day-of-week profile (index = JS getUTCDay(), 0 = Sunday): weekends and Monday are busiest. */
export const WEEKDAY_WEIGHTS: readonly number[] = [190, 175, 130, 120, 118, 130, 137];

/** A product's name, composed from its department's lists; stable for a (seed, product id). */
export function productName(department: Department, rng: Random): string {
  const parts: string[] = [];
  if (rng.chance(0.75)) parts.push(rng.pick(department.qualifiers));
  if (rng.chance(0.25)) {
    // a second qualifier, different from the first ("Organic Sea Salt Potato Chips")
    const second = rng.pick(department.qualifiers);
    if (second !== parts[0]) parts.push(second);
  }
  parts.push(rng.pick(department.items));
  let name = parts.join(' ');
  if (department.sizes.length > 0 && rng.chance(0.3)) name += `, ${rng.pick(department.sizes)}`;
  return name;
}

/** A product's shelf price in cents, from its department's band; stateless so it needs no table. */
export function priceCents(seed: number, productId: number, department: Department): number {
  const [low, high] = department.priceCents;
  const cents = low + (hash32(seed, productId, 0x70c1) % (high - low + 1));
  // shelf prices end in 9 more often than not
  return cents % 10 === 9 || cents % 3 === 0 ? cents : cents - (cents % 10) + 9;
}
