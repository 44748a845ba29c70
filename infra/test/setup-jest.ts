// The cdktf matchers (toHaveResourceWithProperties, …) for every spec of this project.
import 'cdktf/lib/testing/adapters/jest';
import { Testing } from 'cdktf';

Testing.setupJest();
