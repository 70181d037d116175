// Preloaded (`-r`) into a bench floor server: the same AsyncResource#bind fix the apps install in
// runMain (libs/runtime/src/lean-async-resource-bind.ts), so a floor measures what the gateway's
// runtime can reach, not Node 20's deprecation wrappers.
import { installLeanAsyncResourceBind } from '../../libs/runtime/src/lean-async-resource-bind';

installLeanAsyncResourceBind();
