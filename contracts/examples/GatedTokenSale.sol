// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {IKycRegistry} from "../interfaces/IKycRegistry.sol";
import {KycGated} from "../KycGated.sol";

/// @title GatedTokenSale
/// @notice Example dApp: a sale that only KYC-verified wallets may contribute to. Used in tests and the demo.
contract GatedTokenSale is KycGated {
    /// @notice Wei contributed by each wallet.
    mapping(address contributor => uint256 amount) public contributions;
    /// @notice Wei contributed in total.
    uint256 public totalRaised;

    /// @notice `contributor` sent `amount` wei.
    event Contributed(address indexed contributor, uint256 amount);

    /// @notice A contribution of zero wei.
    error GatedTokenSaleZeroContribution();

    constructor(IKycRegistry registry, uint256 serviceId) KycGated(registry, serviceId) {}

    /// @notice Contribute to the sale; reverts with `KycGatedNotVerified` for unverified wallets.
    function contribute() external payable onlyKycVerified {
        if (msg.value == 0) revert GatedTokenSaleZeroContribution();
        contributions[msg.sender] += msg.value;
        totalRaised += msg.value;
        emit Contributed(msg.sender, msg.value);
    }
}
