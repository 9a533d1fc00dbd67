// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {IKycRegistry} from "../interfaces/IKycRegistry.sol";

/// @notice Measures what a dApp pays to read a flag from another contract (used by the gas benchmark).
contract RegistryReader {
    bool public lastResult;

    /// @notice Reads `isVerified` and stores the gas the external call cost, so a transaction can measure it cold.
    uint256 public lastReadGas;

    function measureIsVerified(IKycRegistry registry, uint256 serviceId, address wallet) external {
        uint256 before = gasleft();
        bool result = registry.isVerified(serviceId, wallet);
        lastReadGas = before - gasleft();
        lastResult = result;
    }
}
