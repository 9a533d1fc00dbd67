// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {IKycRegistry} from "../interfaces/IKycRegistry.sol";
import {KycGated} from "../KycGated.sol";

/// @notice Exposes each KycGated check behind a function, for the contract tests.
contract KycGatedHarness is KycGated {
    /// @notice The account the last successful gated call was made for.
    address public lastAccount;

    constructor(IKycRegistry registry, uint256 serviceId) KycGated(registry, serviceId) {}

    function callerOnly() external onlyKycVerified {
        lastAccount = msg.sender;
    }

    function forAccount(address account) external onlyKycVerifiedAccount(account) {
        lastAccount = account;
    }

    function callerFor(uint256 minValidity) external onlyKycVerifiedFor(minValidity) {
        lastAccount = msg.sender;
    }
}
