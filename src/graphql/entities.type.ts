// The loaded data as GraphQL objects: accounts, devices, merchants, products, orders, reviews, payments.
import { Authorized, Field, Float, ID, Int, ObjectType } from 'type-graphql';
import { INVESTIGATOR } from './auth-checker';
import { ConnectionType } from './connection.type';

@ObjectType({ description: 'A buyer, reviewer, payer or shop owner on the platform.' })
export class Account {
  @Field(() => ID)
  id!: string;

  @Field()
  createdAt!: Date;

  // Personal fields: a viewer reaching an account through a ring sees its id, not these.
  @Authorized(INVESTIGATOR)
  @Field(() => String, { nullable: true })
  region!: string | null;

  @Authorized(INVESTIGATOR)
  @Field(() => String, { nullable: true, description: 'Hash of the phone number, as the platform exported it.' })
  phoneHash!: string | null;
}

@ObjectType({ description: 'A phone, tablet or emulator that accounts logged in from.' })
export class Device {
  @Field(() => ID)
  id!: string;
}

@ObjectType({ description: 'A shop.' })
export class Merchant {
  @Field(() => ID)
  id!: string;

  @Field()
  name!: string;

  ownerAccountId!: string | null;
}

@ObjectType()
export class Product {
  @Field(() => ID)
  id!: string;

  @Field()
  title!: string;

  @Field(() => Float)
  price!: number;

  merchantId!: string;
}

@ObjectType()
export class Order {
  @Field(() => ID)
  id!: string;

  @Field()
  placedAt!: Date;

  @Field(() => Float)
  amount!: number;

  @Field(() => String, { nullable: true, description: 'Search keyword that led to the purchase.' })
  keyword!: string | null;

  @Field(() => Int, { nullable: true, description: 'Seconds spent browsing before the purchase.' })
  browseSeconds!: number | null;

  @Authorized(INVESTIGATOR)
  @Field(() => String, { nullable: true })
  shipToHash!: string | null;

  accountId!: string;
  productId!: string;
}

@ObjectType()
export class Review {
  @Field(() => ID)
  id!: string;

  @Field(() => Int)
  rating!: number;

  @Field()
  createdAt!: Date;

  @Field(() => String, { nullable: true })
  text!: string | null;

  accountId!: string;
  productId!: string;
  orderId!: string | null;
}

@ObjectType({ description: 'An account-to-account transfer as the platform wallet saw it.' })
export class Payment {
  @Field(() => ID)
  id!: string;

  @Field(() => Float)
  amount!: number;

  @Field()
  paidAt!: Date;

  @Authorized(INVESTIGATOR)
  @Field(() => String, { nullable: true })
  memo!: string | null;

  payerId!: string;
  payeeId!: string;
  orderId!: string | null;
}

@ObjectType({ description: 'A device an account used, with when it was seen.' })
export class DeviceUse {
  @Field(() => Device)
  device!: Device;

  @Field()
  firstSeen!: Date;

  @Field()
  lastSeen!: Date;

  @Field(() => Int, { description: 'How many accounts used this device in all.' })
  accountCount!: number;
}

@ObjectType({ description: 'Another account seen on at least one of the same devices.' })
export class SharedDeviceAccount {
  @Field(() => Account)
  account!: Account;

  @Field(() => [Device], { description: 'The devices both accounts used.' })
  sharedDevices!: Device[];
}

@ObjectType()
export class AccountConnection extends ConnectionType(Account, 'Account') {}
@ObjectType()
export class DeviceUseConnection extends ConnectionType(DeviceUse, 'DeviceUse') {}
@ObjectType()
export class SharedDeviceAccountConnection extends ConnectionType(SharedDeviceAccount, 'SharedDeviceAccount') {}
@ObjectType()
export class ProductConnection extends ConnectionType(Product, 'Product') {}
@ObjectType()
export class OrderConnection extends ConnectionType(Order, 'Order') {}
@ObjectType()
export class ReviewConnection extends ConnectionType(Review, 'Review') {}
@ObjectType()
export class PaymentConnection extends ConnectionType(Payment, 'Payment') {}
