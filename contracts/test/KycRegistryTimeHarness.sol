// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {KycRegistry} from "../KycRegistry.sol";

/// @notice KycRegistry with a clock tests can set (EAS-style time override); never deployed outside tests.
contract KycRegistryTimeHarness is KycRegistry {
    uint64 private _currentTime;

    constructor(
        uint48 initialAdminDelay,
        address initialAdmin
    ) KycRegistry(initialAdminDelay, initialAdmin) {}

    function setTime(uint64 newTime) external {
        _currentTime = newTime;
    }

    function _time() internal view override returns (uint64) {
        return _currentTime == 0 ? uint64(block.timestamp) : _currentTime;
    }
}
